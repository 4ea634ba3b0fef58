import { existsSync } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import { SvcpackError } from '@svcpack/detect';
import { findUnreadableNames, type UnreadableName } from '../file-names.js';
import type { FileMode, FileSet } from '../pack-types.js';
import type { NextOutput } from './read-next-output.js';

/** What {@link collectNextFiles} found. */
export interface CollectNextFilesResult {
  files: FileSet;
  /** Project-relative paths of the `.env*` files left out, sorted. */
  droppedEnvFiles: string[];
  /** Standalone files that would land outside the project root (left out), sorted. */
  outside: string[];
  /**
   * Entries whose names are not valid UTF-8 (left out; see file-names.ts), at their
   * project paths, sorted.
   */
  unreadable: UnreadableName[];
}

/** A directory on disk and the absolute project path it stands for. */
interface Tree {
  dir: string;
  mountedAt: string;
}

/** How deep symlinked directories outside a tree are followed before giving up. */
const MAX_LINK_DEPTH = 16;

/**
 * Lists the files of a packaged Next.js app: the standalone directory mapped back onto
 * the project (it mirrors the tracing root), plus `<distDir>/static` and `public`, which
 * Next leaves for the packager to copy. Symlinks that stay inside the directory they are
 * in become relative links; links that leave it are followed and their targets copied.
 * `.env*` files (except `.env.example`) are left out: Next copies the ones it loaded next to
 * `server.js`, and SPEC §4 keeps them out of bundles.
 */
export async function collectNextFiles(
  root: string,
  service: ResolvedService,
  output: NextOutput,
): Promise<CollectNextFilesResult> {
  const appDir = join(root, service.workspace);
  const staticDir = join(appDir, output.distDir, 'static');
  const publicDir = join(appDir, 'public');
  const trees: Tree[] = [{ dir: output.standaloneDir, mountedAt: output.tracingRoot }];
  if (existsSync(staticDir)) trees.push({ dir: staticDir, mountedAt: staticDir });
  if (existsSync(publicDir)) trees.push({ dir: publicDir, mountedAt: publicDir });

  const collector = new Collector(root);
  for (const tree of trees) await collector.addTree(tree, tree.dir, 0);
  return collector.result();
}

/** Returns whether a file name is one of the `.env` files that stay out of bundles. */
export function isEnvFile(name: string): boolean {
  return /^\.env(\..+)?$/.test(name) && name !== '.env.example';
}

class Collector {
  private readonly files: FileSet = new Map();
  private readonly droppedEnvFiles: string[] = [];
  private readonly outside: string[] = [];
  private readonly unreadable: UnreadableName[] = [];

  constructor(private readonly root: string) {}

  /** Adds the files below `current`, a directory inside `tree.dir`, followed `depth` links deep. */
  async addTree(tree: Tree, current: string, depth: number): Promise<void> {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = this.bundlePath(tree, current) ?? '.';
    const bad = await findUnreadableNames(
      current,
      key,
      entries.map((entry) => entry.name),
    );
    this.unreadable.push(...bad);
    const skipped = new Set(bad.map((entry) => posix.basename(entry.path)));
    for (const entry of entries) {
      if (skipped.has(entry.name)) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) await this.addTree(tree, path, depth);
      else if (entry.isSymbolicLink()) await this.addLink(tree, path, depth);
      else if (entry.isFile()) await this.addFile(tree, path, path);
    }
  }

  result(): CollectNextFilesResult {
    const sorted: FileSet = new Map([...this.files].sort(([a], [b]) => (a < b ? -1 : 1)));
    return {
      files: sorted,
      droppedEnvFiles: [...this.droppedEnvFiles].sort(),
      outside: [...this.outside].sort(),
      unreadable: [...this.unreadable].sort((a, b) => (a.path < b.path ? -1 : 1)),
    };
  }

  /** Maps a path inside a tree to its bundle path, or `null` outside the project. */
  private bundlePath(tree: Tree, path: string): string | null {
    const projectPath = join(tree.mountedAt, relative(tree.dir, path));
    const key = relative(this.root, projectPath).split(sep).join('/');
    return key === '' || key === '..' || key.startsWith('../') || key.startsWith('/') ? null : key;
  }

  /** Adds `source` (a file on disk) at the bundle path of `path`. */
  private async addFile(tree: Tree, path: string, source: string): Promise<void> {
    const key = this.bundlePath(tree, path);
    if (key === null) {
      this.outside.push(relative(tree.dir, path).split(sep).join('/'));
      return;
    }
    if (isEnvFile(posix.basename(key))) {
      this.droppedEnvFiles.push(key);
      return;
    }
    const info = await stat(source);
    const mode: FileMode = info.mode & 0o111 ? 0o755 : 0o644;
    this.files.set(key, { kind: 'file', from: source, mode });
  }

  private async addLink(tree: Tree, path: string, depth: number): Promise<void> {
    const key = this.bundlePath(tree, path);
    const target = resolve(dirname(path), await readlink(path));
    if (key !== null && isInside(tree.dir, target) && existsSync(target)) {
      const targetKey = this.bundlePath(tree, target);
      if (targetKey !== null) {
        this.files.set(key, {
          kind: 'symlink',
          target: posix.relative(posix.dirname(key), targetKey),
        });
        return;
      }
    }

    const real = await realpath(path).catch(() => null);
    if (real === null) {
      const shown = key ?? relative(tree.dir, path).split(sep).join('/');
      throw SvcpackError.of(
        'PACKAGE_INVALID_SYMLINK',
        `The symlink "${shown}" in the Next.js output points at "${target}", which does not exist.`,
        {
          file: shown,
          value: target,
          hint: 'Reinstall the dependencies and build again; a dangling link means a stale install.',
        },
      );
    }
    const info = await lstat(real);
    if (!info.isDirectory()) return this.addFile(tree, path, real);
    if (depth >= MAX_LINK_DEPTH) return;
    await this.addTree(
      { dir: real, mountedAt: join(tree.mountedAt, relative(tree.dir, path)) },
      real,
      depth + 1,
    );
  }
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep);
}
