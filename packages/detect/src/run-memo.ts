import type { DetectFileSystem } from './file-system.js';

/**
 * `compute`, remembered per file system and key (a path): its answer for one key is
 * computed once per run. A detection run has its own file system, so answers live as long
 * as the run and never outlast the files they were read from, and a monorepo's lockfile
 * or root manifest is read and parsed once, not once per service.
 */
export function runMemo<T>(
  compute: (fs: DetectFileSystem, key: string) => T,
): (fs: DetectFileSystem, key: string) => T {
  const memos = new WeakMap<DetectFileSystem, Map<string, T>>();
  return (fs, key) => {
    let memo = memos.get(fs);
    if (!memo) {
      memo = new Map();
      memos.set(fs, memo);
    }
    let hit = memo.get(key);
    if (hit === undefined) {
      hit = compute(fs, key);
      memo.set(key, hit);
    }
    return hit;
  };
}
