#!/usr/bin/env node
import { statSync } from 'node:fs';

// dist/svcpack.mjs is the bundle `pnpm build` makes after tsc; a stale or missing one
// (after a bare `tsc -b`) falls back to the compiled modules.
const modified = (file) =>
  statSync(new URL(file, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const entry =
  modified('../dist/svcpack.mjs') >= modified('../dist/index.js')
    ? '../dist/svcpack.mjs'
    : '../dist/index.js';
const { main } = await import(entry);

process.exitCode = await main(process.argv.slice(2));
