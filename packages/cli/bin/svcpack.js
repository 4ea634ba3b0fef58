#!/usr/bin/env node
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// `detect` and `validate` end within a second even on 1,000 services: too soon for
// TurboFan's optimised code to repay its compiling. On the 1,000-service bench it
// compiled ~130 functions for ~0.3 s of CPU (on the second core, shared with everything
// else) and 14 MiB, and the run took longer; Ignition and Sparkplug's baseline code run it
// with none of that. `package` (nft, esbuild, minutes of work) keeps the optimising tier.
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (command === 'detect' || command === 'validate') setFlagsFromString('--max-opt=1');

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
