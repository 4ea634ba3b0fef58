import type { DetectFileSystem } from './file-system.js';

/**
 * Wraps `fs` so that every question about a path is first answered from the listing of
 * its parent directory. Detectors probe dozens of paths per framework and per service
 * (`src/index.mts`, `app/main.py`, `node_modules/next/package.json`, …), and nearly all
 * of them are absent: one cached `readdir` per directory turns those probes into set
 * lookups, where each would otherwise be a failed `stat`, `open` or `readdir` on disk.
 * The answers and the files' texts are cached for the run.
 */
export function createListingFileSystem(fs: DetectFileSystem): DetectFileSystem {
  const listings = new Map<string, Promise<ReadonlySet<string>>>();
  const names = new Map<string, Promise<string[]>>();
  const texts = new Map<string, Promise<string | null>>();
  const kinds = new Map<string, Promise<'file' | 'directory' | null>>();

  const listing = (directory: string): Promise<ReadonlySet<string>> => {
    let hit = listings.get(directory);
    if (!hit) {
      hit = isListed(parentOf(directory), directory).then(async (present) =>
        present ? new Set(await fs.readdir(directory)) : new Set<string>(),
      );
      listings.set(directory, hit);
    }
    return hit;
  };

  /** The root always exists; below it, a path exists only if its parent lists it. */
  const isListed = async (parent: string, path: string): Promise<boolean> => {
    if (path === '.' || path === '') return true;
    return (await listing(parent)).has(baseOf(path));
  };

  return {
    readFile(path) {
      let hit = texts.get(path);
      if (!hit) {
        hit = isListed(parentOf(path), path).then((present) =>
          present ? fs.readFile(path) : null,
        );
        texts.set(path, hit);
      }
      return hit;
    },
    kind(path) {
      let hit = kinds.get(path);
      if (!hit) {
        hit = isListed(parentOf(path), path).then((present) => (present ? fs.kind(path) : null));
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
  };
}

const sets = new WeakMap<DetectFileSystem, Map<string, Promise<ReadonlySet<string>>>>();

/** The entry names of `directory` as a set, built once per file system and directory. */
export function listingOf(fs: DetectFileSystem, directory: string): Promise<ReadonlySet<string>> {
  let cache = sets.get(fs);
  if (!cache) {
    cache = new Map();
    sets.set(fs, cache);
  }
  let hit = cache.get(directory);
  if (!hit) {
    hit = fs.readdir(directory).then((names) => new Set(names));
    cache.set(directory, hit);
  }
  return hit;
}

/** The parent of a project path (`a/b` → `a`, `a` → `.`): `posix.dirname` without its normalising. */
function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
