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

/**
 * `base` (already normalised) joined with a relative `path`. Detection joins a few
 * hundred thousand paths on a large monorepo, nearly all plain names: those are
 * concatenated, and only the others go through `posix.join`.
 */
export function joinProjectPath(base: string, path: string): string {
  if (isPlain(path)) {
    if (base === '.') return path;
    if (isPlain(base)) return `${base}/${path}`;
  }
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

/** A leading `.` or `/`, a segment starting with `.`, an empty segment, a trailing `/`. */
const UNPLAIN = /^[./]|\/[./]|\/$/;

/**
 * No empty, `.` or `..` segment, no leading or trailing slash: nothing for `posix.join`
 * to normalise. Conservative: `.env` or `a/.cache` take the slow path too. One regex
 * test: half the time of the equivalent `charCodeAt`/`includes` checks.
 */
function isPlain(path: string): boolean {
  return path !== '' && !UNPLAIN.test(path);
}
