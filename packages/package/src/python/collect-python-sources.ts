import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { modeOf } from '../disk-files.js';
import { readdirChecked, type UnreadableName } from '../file-names.js';
import type { FileSet } from '../pack-types.js';

/** Directory names never shipped from a Python workspace: environments, caches, VCS. */
export const PYTHON_EXCLUDED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.mypy_cache',
  '.nox',
  '.pytest_cache',
  '.ruff_cache',
  '.svcpack',
  '.svn',
  '.tox',
  '.venv',
  '.vercel',
  '__pycache__',
  'node_modules',
  'venv',
]);

/** What {@link collectPythonSources} found. */
export interface PythonSources {
  files: FileSet;
  /** Entries the walk would ship whose names are not valid UTF-8 (see file-names.ts). */
  unreadable: UnreadableName[];
}

/**
 * Lists every file of a Python service's workspace as bundle entries at their
 * project-relative paths. The whole directory ships, not an import closure: lazy and dynamic
 * imports (`importlib.import_module(name)`) cannot be traced (reference/packaging.md §6
 * item 28). Left out: {@link PYTHON_EXCLUDED_DIRS}, bytecode, `*.egg-info` directories,
 * which `pip install -e .` leaves in the sources as build residue, and svcpack's own output
 * directories (`outputDirs`, project-relative). A symlink whose target
 * is inside the workspace stays a (relative) symlink; one pointing elsewhere is followed
 * and its content copied, since nothing outside the workspace is in the bundle.
 */
export async function collectPythonSources(
  root: string,
  workspace: string,
  outputDirs: readonly string[] = [],
): Promise<PythonSources> {
  const files: FileSet = new Map();
  const unreadable: UnreadableName[] = [];
  const skipped = new Set(outputDirs);
  const workspaceDir = resolve(root, workspace);
  const visited = new Set<string>();

  const walk = async (dir: string, key: string): Promise<void> => {
    const real = await realpath(dir).catch(() => null);
    if (real === null || visited.has(real)) return;
    visited.add(real);
    const listing = await readdirChecked(dir, key);
    for (const entry of listing.unreadable) {
      const name = posix.basename(entry.path);
      const skip = entry.isDirectory
        ? isExcludedDir(name) || skipped.has(entry.path)
        : isExcludedFile(name);
      if (!skip) unreadable.push(entry);
    }
    for (const name of listing.names.sort()) {
      const path = join(dir, name);
      const entryKey = posix.join(key, name);
      // A file removed while the walk runs is simply not shipped.
      const info = await lstat(path).catch(() => null);
      if (!info) continue;
      if (info.isDirectory()) {
        if (!isExcludedDir(name) && !skipped.has(entryKey)) await walk(path, entryKey);
        continue;
      }
      if (isExcludedFile(name)) continue;
      if (info.isSymbolicLink()) {
        await addSymlink(path, entryKey);
        continue;
      }
      if (info.isFile()) files.set(entryKey, { kind: 'file', from: path, mode: modeOf(info.mode) });
    }
  };

  const addSymlink = async (path: string, key: string): Promise<void> => {
    const target = resolve(dirname(path), await readlink(path));
    const info = await stat(target).catch(() => null);
    if (!info) return;
    if (isInside(workspaceDir, target)) {
      const linkTarget = relative(dirname(path), target).split(sep).join('/');
      files.set(key, { kind: 'symlink', target: linkTarget });
    } else if (info.isDirectory()) {
      await walk(target, key);
    } else if (info.isFile()) {
      files.set(key, { kind: 'file', from: target, mode: modeOf(info.mode) });
    }
  };

  await walk(workspaceDir, workspace);
  return { files, unreadable };
}

function isExcludedDir(name: string): boolean {
  return PYTHON_EXCLUDED_DIRS.has(name) || name.endsWith('.egg-info');
}

function isExcludedFile(name: string): boolean {
  return /\.py[co]$/.test(name);
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}
