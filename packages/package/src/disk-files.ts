import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { FileMode, FileSet } from './pack-types.js';

/**
 * Adds the file at project-relative `path` to `files` as it is on disk (`lstat`, links
 * not followed): a regular file is copied with mode 0755 when any execute bit is set,
 * else 0644; a symlink whose target lies inside the project is kept as a relative link
 * (the writer checks that its target is packaged too); a symlink leaving the project is
 * replaced by a copy of the file it points to, and one to a directory outside is dropped
 * (the files below it are listed by their own paths). Directories add nothing. `from` is
 * where the file is when that is not `<root>/<path>` (a file above the root).
 */
export async function addDiskFile(
  files: FileSet,
  root: string,
  path: string,
  from: string = join(root, path),
): Promise<void> {
  const info = await lstat(from);

  if (info.isSymbolicLink()) {
    const target = resolve(dirname(from), await readlink(from));
    if (isInside(root, target)) {
      const relativeTarget = relative(dirname(from), target).split(sep).join('/');
      files.set(path, { kind: 'symlink', target: relativeTarget === '' ? '.' : relativeTarget });
      return;
    }
    const followed = await stat(from).catch(() => null);
    if (followed?.isFile()) {
      files.set(path, { kind: 'file', from: await realpath(from), mode: modeOf(followed.mode) });
    }
    return;
  }

  if (info.isFile()) files.set(path, { kind: 'file', from, mode: modeOf(info.mode) });
}

/** The bundle mode of a file with these permission bits. */
export function modeOf(permissions: number): FileMode {
  return permissions & 0o111 ? 0o755 : 0o644;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`);
}
