#!/usr/bin/env node
// Benchmark: `svcpack detect --json` as a whole process against @vercel/fs-detectors'
// `detectServices` (also a whole process: Node start, imports, detection, JSON out) on the
// same generated monorepo, in the same run. The tree has N services declared in
// vercel.json's experimentalServices, cycling Express, FastAPI, Go, Next.js and Hono.
//
//   node bench/detect-services.mjs [N]              (default: 1000)
//   node bench/detect-services.mjs N --generate DIR  (only write the tree, for profiling)
//
// Prints the median wall time and peak RSS of each (GNU time's %e and %M) and the ratio.
// Figures only; nothing here asserts a time (the machines are shared and noisy).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '../packages/cli/bin/svcpack.js');
const vercel = join(here, 'detect-vercel-runner.mjs');
const count = Number(process.argv[2]) || 1000;
const ROUNDS = 5;

let root;

/**
 * Runs `node args` under GNU time: wall seconds, CPU seconds (user + system: steadier than
 * wall time on a shared machine), peak RSS (KiB), and the services in its output.
 */
function measure(args) {
  const report = join(root, '.time');
  const out = execFileSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', report, 'node', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 28,
  });
  const [seconds, user, system, kib] = readFileSync(report, 'utf8').trim().split(/\s+/).map(Number);
  const parsed = out === '' ? {} : JSON.parse(out);
  const services = (parsed.result ?? parsed).services?.length ?? 0;
  return { seconds, cpu: user + system, kib, services };
}

function medianOf(runs, key = 'seconds') {
  const sorted = [...runs].sort((a, b) => a[key] - b[key]);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Writes N services of the five kinds and a vercel.json declaring them. */
async function generate(root, n) {
  const services = {};
  const kinds = ['express', 'fastapi', 'go', 'nextjs', 'hono'];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length];
    const name = `${kind}-${i}`;
    const dir = join(root, 'services', name);
    await mkdir(dir, { recursive: true });
    const files = FILES[kind](name);
    for (const [file, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), text);
    }
    const entrypoint = kind === 'fastapi' ? `services/${name}/main.py` : `services/${name}`;
    const routePrefix = kind === 'nextjs' && i === 3 ? '/' : `/${name}`;
    services[name] = { entrypoint, routePrefix };
  }
  await writeFile(
    join(root, 'vercel.json'),
    `${JSON.stringify({ experimentalServices: services }, null, 2)}\n`,
  );
}

const pkg = (name, deps) =>
  `${JSON.stringify({ name, private: true, version: '0.0.0', dependencies: deps }, null, 2)}\n`;

const FILES = {
  express: (name) => ({
    'package.json': pkg(name, { express: '^5.1.0' }),
    'index.js': `const express = require('express');\nconst app = express();\napp.get('/', (_req, res) => res.json({ name: '${name}' }));\nmodule.exports = app;\n`,
  }),
  hono: (name) => ({
    'package.json': pkg(name, { hono: '^4.9.0' }),
    'src/index.ts': `import { Hono } from 'hono';\n\nconst app = new Hono();\napp.get('/', (c) => c.json({ name: '${name}' }));\n\nexport default app;\n`,
  }),
  nextjs: (name) => ({
    'package.json': pkg(name, { next: '15.5.2', react: '19.1.1', 'react-dom': '19.1.1' }),
    'next.config.js': `module.exports = { basePath: '${name === 'nextjs-3' ? '' : `/${name}`}' };\n`,
    'app/page.js': `export default function Page() {\n  return <h1>${name}</h1>;\n}\n`,
  }),
  fastapi: (name) => ({
    'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.30.6\n',
    'main.py': `from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\ndef root():\n    return {"name": "${name}"}\n`,
  }),
  go: (name) => ({
    'go.mod': `module example.com/${name}\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n`,
    'main.go': `package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/", func(c *gin.Context) { c.JSON(200, gin.H{"name": "${name}"}) })\n\tr.Run()\n}\n`,
  }),
};

async function main() {
  const at = process.argv.indexOf('--generate');
  if (at > 0) {
    await generate(process.argv[at + 1], count);
    return;
  }
  root = await mkdtemp(join(tmpdir(), 'svcpack-bench-detect-'));
  try {
    await generate(root, count);
    const ours = [];
    const theirs = [];
    const bare = [];
    for (let round = 0; round < ROUNDS; round++) {
      theirs.push(measure([vercel, root]));
      ours.push(measure([cli, 'detect', root, '--json']));
      bare.push(measure(['-e', '0']));
    }
    const o = medianOf(ours);
    const t = medianOf(theirs);
    const oc = medianOf(ours, 'cpu');
    const tc = medianOf(theirs, 'cpu');
    const peak = (runs) => Math.max(...runs.map((run) => run.kib)) / 1024;
    const line = (label, wall, cpu, runs) =>
      `${label.padEnd(36)} ${wall.seconds.toFixed(3).padStart(7)} s wall ${cpu.cpu
        .toFixed(3)
        .padStart(7)} s cpu ${peak(runs).toFixed(1).padStart(6)} MiB peak RSS (max)`;
    console.log(`N=${count} services, median of ${ROUNDS} alternating runs, whole processes`);
    console.log(line('svcpack detect --json', o, oc, ours));
    console.log(line('@vercel/fs-detectors detectServices', t, tc, theirs));
    console.log(
      `ratio ${(t.seconds / o.seconds).toFixed(1)}x wall, ${(tc.cpu / oc.cpu).toFixed(1)}x cpu; services found: ${o.services} vs ${t.services}`,
    );
    // Node's own start is in both figures. Here it includes whatever the environment makes
    // it load (NODE_EXTRA_CA_CERTS: a CA bundle parsed before any script runs).
    const b = medianOf(bare);
    const extra = process.env.NODE_EXTRA_CA_CERTS ? ', NODE_EXTRA_CA_CERTS set' : '';
    console.log(
      `node -e 0 (Node's start${extra}) ${b.seconds.toFixed(3)} s wall; without it: svcpack ${(o.seconds - b.seconds).toFixed(3)} s, ratio ${((t.seconds - b.seconds) / (o.seconds - b.seconds)).toFixed(1)}x`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
