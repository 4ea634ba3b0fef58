import type { DetectFileSystem } from './file-system.js';
import { runMemo } from './run-memo.js';

/**
 * Wraps `fs` so that every question about a path is first answered from the listing of
 * its parent directory. Detectors probe dozens of paths per framework and per service
 * (`src/index.mts`, `app/main.py`, `node_modules/next/package.json`, …), and nearly all
 * of them are absent: one cached `readdir` per directory turns those probes into set
 * lookups, where each would otherwise be a failed `stat`, `open` or `readdir` on disk.
 * The answers and the files' texts are cached for the run.
 *
 * Once a directory's listing is known, a probe below it is decided on the spot: an
 * absent path gets one shared settled promise, with no lookup chained behind it. On a
 * 1,000-service monorepo that is most of ~40,000 probes.
 */
export function createListingFileSystem(fs: DetectFileSystem): DetectFileSystem {
  /** Directory → its entry names, once read (an empty set when it is no directory). */
  const settled = new Map<string, ReadonlySet<string>>();
  const pending = new Map<string, Promise<ReadonlySet<string>>>();
  const texts = new Map<string, Promise<string | null>>();
  const kinds = new Map<string, Promise<'file' | 'directory' | null>>();
  const names = new Map<string, Promise<string[]>>();

  const listing = (directory: string): Promise<ReadonlySet<string>> => {
    let hit = pending.get(directory);
    if (!hit) {
      hit = whenListed(directory, async (present) => {
        const entries: ReadonlySet<string> = present
          ? new Set(await fs.readdir(directory))
          : NO_ENTRIES;
        settled.set(directory, entries);
        return entries;
      });
      pending.set(directory, hit);
    }
    return hit;
  };

  /**
   * `then(present)` for whether `path` exists, judged by its parent's listing: at once
   * when that is known, else once it is read. The root always exists.
   */
  const whenListed = <T>(path: string, then: (present: boolean) => Promise<T>): Promise<T> => {
    if (path === '.' || path === '') return then(true);
    const parent = parentOf(path);
    const known = settled.get(parent);
    if (known) return then(known.has(baseOf(path)));
    return listing(parent).then((entries) => then(entries.has(baseOf(path))));
  };

  const listed: ListedFileSystem = {
    readFile(path) {
      let hit = texts.get(path);
      if (!hit) {
        hit = whenListed(path, (present) => (present ? fs.readFile(path) : NOTHING));
        texts.set(path, hit);
      }
      return hit;
    },
    kind(path) {
      let hit = kinds.get(path);
      if (!hit) {
        hit = whenListed(path, (present) => (present ? fs.kind(path) : NOTHING));
        kinds.set(path, hit);
      }
      return hit;
    },
    readdir(path) {
      let hit = names.get(path);
      if (!hit) {
        hit = listing(path).then((entries) => [...entries]);
        names.set(path, hit);
      }
      return hit;
    },
    [LISTING]: listing,
  };
  return listed;
}

const LISTING = Symbol('listing');

/** A file system made by {@link createListingFileSystem}, which keeps listings as sets. */
interface ListedFileSystem extends DetectFileSystem {
  [LISTING]: (directory: string) => Promise<ReadonlySet<string>>;
}

const NO_ENTRIES: ReadonlySet<string> = new Set();
const NOTHING = Promise.resolve(null);

const sets = runMemo((fs, directory) =>
  fs.readdir(directory).then((names): ReadonlySet<string> => new Set(names)),
);

/**
 * The entry names of `directory` as a set: the listing file system's own, else built
 * once per file system and directory.
 */
export function listingOf(fs: DetectFileSystem, directory: string): Promise<ReadonlySet<string>> {
  if (LISTING in fs) return (fs as ListedFileSystem)[LISTING](directory);
  return sets(fs, directory);
}

/** The parent of a project path (`a/b` → `a`, `a` → `.`): `posix.dirname` without its normalising. */
function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
