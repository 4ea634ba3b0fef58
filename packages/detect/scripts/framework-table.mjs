#!/usr/bin/env node
// Writes data/frameworks.json: the part of @vercel/frameworks that detection reads
// (slug, name, detectors, supersedes, and the flags that change how a match counts),
// so that detect does not load the whole package (logos, settings, functions; ~100 ms)
// at start-up. test/framework-table.test.ts checks the file's data against the installed
// package, so it cannot drift: after upgrading @vercel/frameworks, run
//
//   pnpm --filter @svcpack/detect generate:frameworks
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The detection data of every preset, in the package's order. */
export function extractFrameworkTable(frameworks) {
  return frameworks.map((framework) => ({
    slug: framework.slug ?? null,
    name: framework.name,
    every: (framework.detectors?.every ?? []).map(item),
    some: (framework.detectors?.some ?? []).map(item),
    supersedes: framework.supersedes ?? [],
    detectionConfidence: framework.detectionConfidence ?? null,
    experimental: framework.experimental === true,
    useRuntime: framework.useRuntime ?? null,
  }));
}

function item(detector) {
  return {
    path: detector.path ?? null,
    matchContent: detector.matchContent ?? null,
    matchPackage: detector.matchPackage ?? null,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const require = createRequire(import.meta.url);
  const { frameworks } = require('@vercel/frameworks');
  const target = new URL('../data/frameworks.json', import.meta.url);
  writeFileSync(target, `${JSON.stringify(extractFrameworkTable(frameworks), null, 2)}\n`);
  // Biome owns the layout of every file in the repo, this one included.
  execFileSync('pnpm', ['exec', 'biome', 'format', '--write', fileURLToPath(target)], {
    stdio: 'ignore',
  });
  console.log(`wrote ${fileURLToPath(target)} (${frameworks.length} presets)`);
}
