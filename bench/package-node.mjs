#!/usr/bin/env node
// Benchmark: svcpack packaging N generated Node services (Express and Hono, real packages
// from npm) against a floor measured in the same run: a plain @vercel/nft trace of each
// entry plus a plain copy of the traced files. Prints wall times and the ratio.
//
//   node bench/package-node.mjs [N ...]     (default: 10 50)
//
// Figures only; nothing here asserts a time (the machines are shared and noisy).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  copyFile,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../packages/package/package.json'));
const { nodeFileTrace } = require('@vercel/nft');
const { packageServices } = await import('../packages/package/dist/index.js');

const counts = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const ROUNDS = 3;
const cache = join(here, '.cache');

await installDependencies();
for (const count of counts.length ? counts : [10, 50]) {
  const root = await generate(count);
  const floor = [];
  const svcpack = [];
  for (let round = 0; round < ROUNDS; round++) {
    floor.push(await time(() => traceAndCopy(root, count)));
    svcpack.push(await time(() => packageServices({ root, out: join(root, '.svcpack/output') })));
  }
  const f = median(floor);
  const s = median(svcpack);
  console.log(
    `N=${String(count).padEnd(4)} floor ${f.toFixed(0).padStart(6)} ms   svcpack ${s
      .toFixed(0)
      .padStart(6)} ms   ratio ${(s / f).toFixed(2)}x   (median of ${ROUNDS})`,
  );
  await rm(root, { recursive: true, force: true });
}

async function installDependencies() {
  if (
    existsSync(join(cache, 'node_modules/express')) &&
    existsSync(join(cache, 'node_modules/hono'))
  ) {
    return;
  }
  await mkdir(cache, { recursive: true });
  await writeFile(
    join(cache, 'package.json'),
    JSON.stringify({ private: true, dependencies: { express: '5.3.0', hono: '4.13.23' } }, null, 2),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent'], {
    cwd: cache,
    stdio: 'inherit',
  });
}

async function generate(count) {
  const root = await mkdtemp(join(tmpdir(), `svcpack-bench-${count}-`));
  await cp(join(cache, 'node_modules'), join(root, 'node_modules'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  await cp(join(cache, 'package.json'), join(root, 'package.json'));
  const services = {};
  for (let i = 0; i < count; i++) {
    const name = `svc-${i}`;
    const dir = join(root, 'services', name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name, private: true }));
    await writeFile(join(dir, 'index.js'), i % 2 === 0 ? expressApp(name) : honoApp(name));
    services[name] = { entrypoint: `services/${name}/index.js`, routePrefix: `/${name}` };
  }
  await writeFile(
    join(root, 'vercel.json'),
    JSON.stringify({ experimentalServices: services }, null, 2),
  );
  return root;
}

function expressApp(name) {
  return `const express = require('express');\nconst app = express();\napp.get('/health', (req, res) => res.json({ service: '${name}' }));\nmodule.exports = app;\n`;
}

function honoApp(name) {
  return `const { Hono } = require('hono');\nconst app = new Hono();\napp.get('/health', (c) => c.json({ service: '${name}' }));\nmodule.exports = app;\n`;
}

async function traceAndCopy(root, count) {
  const out = join(root, '.floor');
  await rm(out, { recursive: true, force: true });
  for (let i = 0; i < count; i++) {
    const service = join(root, 'services', `svc-${i}`);
    const { fileList } = await nodeFileTrace([join(service, 'index.js')], {
      base: root,
      processCwd: service,
    });
    const target = join(out, `svc-${i}`);
    const made = new Set();
    for (const file of [...fileList].sort()) {
      const to = join(target, file);
      const parent = dirname(to);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      const from = join(root, file);
      const info = await lstat(from);
      if (info.isSymbolicLink()) await symlink(await readlink(from), to);
      else if (info.isFile()) await copyFile(from, to);
    }
  }
}

async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
