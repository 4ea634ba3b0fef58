import { isUtf8 } from 'node:buffer';
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';

/** What a path is, as far as detection cares. */
export type EntryKind = 'file' | 'directory' | 'symlink';

/**
 * The only way `@svcpack/detect` touches files. Paths are project-relative and POSIX
 * (`.` is the root). Other tools may supply their own (a VFS, a git tree, a cache).
 */
export interface DetectFileSystem {
  /** The file's text, or `null` when it does not exist or is not a file. */
  readFile(path: string): Promise<string | null>;
  /** What is at `path` (symlinks followed), or `null` when nothing is. */
  kind(path: string): Promise<Exclude<EntryKind, 'symlink'> | null>;
  /** Entry names of a directory, sorted; `[]` when it is not one. */
  readdir(path: string): Promise<string[]>;
}

/**
 * A {@link DetectFileSystem} over the real disk, rooted at `root`, caching every read.
 * The calls are synchronous behind the promises: detection reads thousands of small
 * files, mostly from the page cache, and a synchronous read costs a few microseconds
 * where `fs/promises` pays for four thread-pool round trips (open, stat, read, close).
 */
export function createNodeFileSystem(root: string): DetectFileSystem {
  const texts = new Map<string, Promise<string | null>>();
  const kinds = new Map<string, Promise<'file' | 'directory' | null>>();
  const dirs = new Map<string, Promise<string[]>>();
  // A listing also tells what its plain files and directories are, which spares a `stat`
  // for each of them later (symbolic links are still followed with one).
  const listedKinds = new Map<string, 'file' | 'directory'>();
  // Project paths are normalised already (no `.`/`..` segments): a concatenation, not a
  // `path.join` for each of thousands of reads.
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  const abs = (path: string) => (path === '.' ? root : `${base}/${path}`);

  const list = (path: string): string[] => {
    const entries = attempt(() => readdirSync(abs(path), LIST_OPTIONS)) ?? [];
    const unreadable = hasReplacement(entries) ? unreadableNames(abs(path)) : null;
    const names: string[] = [];
    for (const entry of entries) {
      // A name Node decoded lossily names nothing on disk: listing it would make a
      // directory that cannot be read look empty (no manifest, no framework).
      if (unreadable?.has(entry.name)) continue;
      const kind = entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : undefined;
      if (kind) listedKinds.set(path === '.' ? entry.name : `${path}/${entry.name}`, kind);
      names.push(entry.name);
    }
    return names.sort();
  };

  // Only a plain file is opened: opening a FIFO named like a manifest would block the run
  // for good (and Ctrl-C with it). A listed plain file needs no `stat`; anything else
  // (a symbolic link, a name no listing gave) is asked once, following links.
  const isPlainFile = (path: string): boolean => {
    const listed = listedKinds.get(path);
    return listed !== undefined ? listed === 'file' : statKind(abs(path)) === 'file';
  };

  return {
    readFile(path) {
      let hit = texts.get(path);
      if (!hit) {
        hit = Promise.resolve(
          isPlainFile(path) ? attempt(() => readFileSync(abs(path), READ_OPTIONS)) : null,
        );
        texts.set(path, hit);
      }
      return hit;
    },
    kind(path) {
      let hit = kinds.get(path);
      if (!hit) {
        hit = Promise.resolve(listedKinds.get(path) ?? statKind(abs(path)));
        kinds.set(path, hit);
      }
      return hit;
    },
    readdir(path) {
      let hit = dirs.get(path);
      if (!hit) {
        hit = Promise.resolve(list(path));
        dirs.set(path, hit);
      }
      return hit;
    },
  };
}

// Shared option objects: `fs` builds a fresh options object from a string (`'utf8'`) on
// every call, which is a third of a cached read's cost.
const READ_OPTIONS = { encoding: 'utf8' } as const;
const LIST_OPTIONS = { withFileTypes: true } as const;

/** An in-memory {@link DetectFileSystem}: keys are project-relative file paths. */
export function createMemoryFileSystem(files: Record<string, string>): DetectFileSystem {
  const entries = new Map(Object.entries(files));
  const directories = new Set<string>(['.']);
  for (const path of entries.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) directories.add(parts.slice(0, i).join('/'));
  }

  return {
    async readFile(path) {
      return entries.get(path) ?? null;
    },
    async kind(path) {
      if (entries.has(path)) return 'file';
      return directories.has(path) ? 'directory' : null;
    },
    async readdir(path) {
      if (!directories.has(path)) return [];
      const prefix = path === '.' ? '' : `${path}/`;
      const names = new Set<string>();
      for (const key of [...entries.keys(), ...directories]) {
        if (key !== '.' && key.startsWith(prefix) && key.length > prefix.length) {
          names.add(key.slice(prefix.length).split('/')[0] as string);
        }
      }
      return [...names].sort();
    },
  };
}

function hasReplacement(entries: readonly Dirent[]): boolean {
  for (const entry of entries) if (entry.name.includes('\uFFFD')) return true;
  return false;
}

/**
 * The names of `dir` that are not valid UTF-8, as Node decodes them (bad bytes as U+FFFD),
 * read again with Buffer names; a real U+FFFD in a name is valid UTF-8 and stays.
 */
function unreadableNames(dir: string): Set<string> {
  const raw = attempt(() => readdirSync(dir, { encoding: 'buffer' })) ?? [];
  return new Set(raw.filter((name) => !isUtf8(name)).map((name) => name.toString('utf8')));
}

function statKind(path: string): 'file' | 'directory' | null {
  const info = attempt(() => statSync(path, { throwIfNoEntry: false }));
  if (info?.isFile()) return 'file';
  return info?.isDirectory() ? 'directory' : null;
}

function attempt<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
