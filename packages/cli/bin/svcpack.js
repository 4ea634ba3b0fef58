#!/usr/bin/env node
import { statSync } from 'node:fs';

// dist/svcpack.mjs is the bundle `pnpm build` makes after tsc. In this repository a
// bundle older than the last tsc build of the CLI or of @svcpack/detect (after a bare
// `tsc -b`, or a build that stopped at a type error) is stale: the compiled modules are
// started instead. An installed package has no build info and always takes the bundle.
const modified = (file) =>
  statSync(new URL(file, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const built = Math.max(
  modified('../dist/.tsbuildinfo'),
  modified('../node_modules/@svcpack/detect/dist/.tsbuildinfo'),
);
const entry = modified('../dist/svcpack.mjs') >= built ? '../dist/svcpack.mjs' : '../dist/index.js';
const { main } = await import(entry);

process.exitCode = await main(process.argv.slice(2));
