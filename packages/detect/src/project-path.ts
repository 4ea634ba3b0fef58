import { posix } from 'node:path';

/**
 * Project-relative POSIX paths, `.` for the root: the only kind of path detect handles.
 * These helpers never touch the disk.
 */

/**
 * Normalises a user-given relative path (`./apps/web/` → `apps/web`), or returns `null`
 * when it is absolute or climbs out of its base with `..`.
 */
export function normalizeProjectPath(raw: string): string | null {
  if (raw.startsWith('/') || /^[A-Za-z]:[\\/]/.test(raw) || raw.includes('\\')) return null;
  const normal = posix.normalize(raw).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) return null;
  return normal === '' ? '.' : normal;
}

/** `base` joined with a normalised relative `path`. */
export function joinProjectPath(base: string, path: string): string {
  return posix.join(base, path);
}

/** `directory`, then each parent up to and including `boundary` (which must contain it). */
export function ancestorDirectories(directory: string, boundary = '.'): string[] {
  const result = [directory];
  let current = directory;
  while (current !== boundary && current !== '.') {
    current = posix.dirname(current);
    result.push(current);
  }
  return result;
}
