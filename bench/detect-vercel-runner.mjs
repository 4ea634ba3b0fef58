#!/usr/bin/env node
// The @vercel/fs-detectors side of bench/detect-services.mjs: one process that detects the
// services of the project at argv[2] and prints the result as JSON, as `svcpack detect --json`
// does for ours.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { detectServices, LocalFileSystemDetector } = require('@vercel/fs-detectors');

const root = process.argv[2];
const result = await detectServices({ fs: new LocalFileSystemDetector(root) });
process.stdout.write(`${JSON.stringify(result)}\n`);
