import { createHash } from 'node:crypto';
import {
  chmod,
  lstat,
  lutimes,
  mkdir,
  readdir,
  readFile,
  readlink,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join, posix } from 'node:path';
import { SvcpackError } from '@svcpack/detect';
import { mapLimit } from './map-limit.js';
import type { FileMode, FileSet, FileSource } from './pack-types.js';

/** What {@link writeBundle} and {@link digestDirectory} report (SPEC §3). */
export interface BundleSummary {
  /** Number of entries (files and symlinks; directories are not counted). */
  files: number;
  /** Sum of the file sizes; a symlink counts 0. */
  bytes: number;
  /** `sha256:` and the hex digest of the entry lines of SPEC §3. */
  digest: string;
}

/** One line of the digest: an entry as the digest sees it. */
export interface DigestEntry {
  kind: 'f' | 'l';
  mode: FileMode;
  /** Bundle-relative POSIX path. */
  path: string;
  /** Hex sha256 of the content, or of the link target for a symlink. */
  sha256: string;
  size: number;
}

/**
 * Every mtime in a bundle. A fixed value makes two bundles of the same input identical,
 * including for tools that look at times (tar, rsync).
 */
export const BUNDLE_MTIME = new Date(0);

/**
 * The mode a symlink has in the digest. Links carry no mode of their own on Linux, so the
 * digest gives every link the plain file mode `0644`; the link target is what is hashed.
 */
export const SYMLINK_DIGEST_MODE: FileMode = 0o644;

const WRITE_CONCURRENCY = 16;

/**
 * Writes `files` below `dir` (which must not exist yet or be empty) and returns the count,
 * size and digest of what was written. Entries are written as bytes, with modes 0644/0755
 * exactly and every mtime at {@link BUNDLE_MTIME}; symlinks must be relative and resolve
 * to an entry (or a directory of entries) inside the bundle.
 */
export async function writeBundle(files: FileSet, dir: string): Promise<BundleSummary> {
  const entries = [...files].sort(([a], [b]) => comparePaths(a, b));
  const directories = parentDirectories(entries.map(([path]) => path));
  checkEntries(entries, files, directories);

  await mkdir(dir, { recursive: true });
  for (const directory of directories) await mkdir(join(dir, directory), { recursive: true });

  const digestEntries = await mapLimit(entries, WRITE_CONCURRENCY, ([path, source]) =>
    writeEntry(join(dir, path), path, source),
  );

  const deepestFirst = [...directories].sort((a, b) => depth(b) - depth(a));
  for (const directory of [...deepestFirst, '.']) {
    const target = join(dir, directory);
    await chmod(target, 0o755);
    await utimes(target, BUNDLE_MTIME, BUNDLE_MTIME);
  }

  return summarize(digestEntries);
}

/**
 * Reads a bundle back from disk and computes the same summary as {@link writeBundle}.
 * Use it to check a copied or carried-over bundle against its `service.json`.
 */
export async function digestDirectory(dir: string): Promise<BundleSummary> {
  const entries: DigestEntry[] = [];
  const walk = async (relative: string): Promise<void> => {
    const names = await readdir(join(dir, relative));
    for (const name of names) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const absolute = join(dir, path);
      const info = await lstat(absolute);
      if (info.isDirectory()) {
        await walk(path);
      } else if (info.isSymbolicLink()) {
        const target = await readlink(absolute);
        entries.push(linkEntry(path, target));
      } else {
        const data = await readFile(absolute);
        entries.push(fileEntry(path, info.mode & 0o111 ? 0o755 : 0o644, data));
      }
    }
  };
  await walk('');
  return summarize(entries);
}

/** Computes the summary of SPEC §3 from digest entries in any order. */
export function summarize(entries: readonly DigestEntry[]): BundleSummary {
  const sorted = [...entries].sort((a, b) => comparePaths(a.path, b.path));
  const hash = createHash('sha256');
  let bytes = 0;
  for (const entry of sorted) {
    const mode = entry.mode === 0o755 ? '0755' : '0644';
    hash.update(`${entry.kind} ${mode} ${entry.path}\0${entry.sha256}\n`);
    bytes += entry.size;
  }
  return { files: sorted.length, bytes, digest: `sha256:${hash.digest('hex')}` };
}

/** Orders paths by their UTF-8 bytes, the order of the digest and of every listing. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function writeEntry(target: string, path: string, source: FileSource): Promise<DigestEntry> {
  if (source.kind === 'symlink') {
    await symlink(source.target, target);
    await lutimes(target, BUNDLE_MTIME, BUNDLE_MTIME);
    return linkEntry(path, source.target);
  }

  const data = source.kind === 'file' ? await readFile(source.from) : source.data;
  await writeFile(target, data, { flag: 'wx', mode: source.mode });
  await chmod(target, source.mode);
  await utimes(target, BUNDLE_MTIME, BUNDLE_MTIME);
  return fileEntry(path, source.mode, data);
}

function fileEntry(path: string, mode: FileMode, data: Buffer): DigestEntry {
  return { kind: 'f', mode, path, sha256: sha256(data), size: data.length };
}

function linkEntry(path: string, target: string): DigestEntry {
  return {
    kind: 'l',
    mode: SYMLINK_DIGEST_MODE,
    path,
    sha256: sha256(Buffer.from(target)),
    size: 0,
  };
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Rejects paths that are not clean bundle paths, and file/directory and link conflicts. */
function checkEntries(
  entries: readonly (readonly [string, FileSource])[],
  files: FileSet,
  directories: ReadonlySet<string>,
): void {
  for (const [path, source] of entries) {
    if (!isBundlePath(path)) throw new TypeError(`writeBundle: not a clean bundle path: "${path}"`);
    if (directories.has(path)) {
      throw SvcpackError.of(
        'PACKAGE_PATH_CONFLICT',
        `"${path}" is both a file and a directory of other files in the bundle.`,
        { file: path, hint: 'Exclude one of them with excludeFiles.' },
      );
    }
    if (source.kind === 'symlink') checkLink(path, source.target, files, directories);
  }
}

function checkLink(
  path: string,
  target: string,
  files: FileSet,
  directories: ReadonlySet<string>,
): void {
  const resolved = resolveInBundle(path, target, files);
  if (resolved === null || !(files.has(resolved) || directories.has(resolved))) {
    const why =
      resolved === null
        ? 'points outside the bundle'
        : `points at "${resolved}", which is not packaged`;
    throw SvcpackError.of(
      'PACKAGE_INVALID_SYMLINK',
      `The symlink "${path}" -> "${target}" ${why}.`,
      {
        file: path,
        value: target,
        hint: 'Include the link target with includeFiles, or exclude the link with excludeFiles.',
      },
    );
  }
}

/**
 * Follows a link target through the links of the bundle itself, as the OS would once the
 * bundle is on disk. Returns the bundle path it ends at, or `null` when it leaves the bundle.
 */
function resolveInBundle(path: string, target: string, files: FileSet): string | null {
  if (target.startsWith('/')) return null;
  let current = posix.join(posix.dirname(path), target);

  for (let hops = 0; hops < 40; hops++) {
    if (current === '.' || current === '..' || current.startsWith('../')) return null;
    const parts = current.split('/');
    const index = parts.findIndex(
      (_, i) => files.get(parts.slice(0, i + 1).join('/'))?.kind === 'symlink',
    );
    if (index === -1) return current;

    const link = parts.slice(0, index + 1).join('/');
    const source = files.get(link) as Extract<FileSource, { kind: 'symlink' }>;
    if (source.target.startsWith('/')) return null;
    current = posix.join(posix.dirname(link), source.target, ...parts.slice(index + 1));
  }
  return null;
}

function isBundlePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

function parentDirectories(paths: readonly string[]): Set<string> {
  const directories = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) directories.add(parts.slice(0, i).join('/'));
  }
  return directories;
}

function depth(path: string): number {
  return path.split('/').length;
}
