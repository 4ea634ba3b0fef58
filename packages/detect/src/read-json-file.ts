import type { DetectFileSystem } from './file-system.js';
import { runMemo } from './run-memo.js';

/** Parsed files per file system: a monorepo's lockfile is read once per run, not per service. */
const parsed = runMemo((fs, file) => fs.readFile(file).then(parse));

/**
 * Reads and parses a JSON file (a leading byte-order mark allowed); `null` when it is
 * missing or not valid JSON. For files detect only peeks into (package.json `main`,
 * lockfiles): their errors are not the user's config errors. The value is shared
 * between callers and must not be changed.
 */
export function readJsonFile(fs: DetectFileSystem, file: string): Promise<unknown> {
  return parsed(fs, file);
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
}
