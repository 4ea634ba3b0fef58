import valid from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import type { DetectFileSystem } from './file-system.js';
import { isRecord } from './plain-values.js';
import { joinProjectPath, normalizeProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';

/**
 * The version Yarn Berry writes for a package it links rather than fetches (workspaces,
 * `link:`, `portal:`): it stands for "whatever the linked package.json says".
 */
export const YARN_PLACEHOLDER = '0.0.0-use.local';

/**
 * The project path that `relative` (a lockfile's `link:../pkg`, a `workspace:packages/x`
 * resolution, a `link:` range) names from `base`; `null` when it is absolute or leads out
 * of the project, which detect never reads.
 */
export function localPackagePath(base: string, relative: string): string | null {
  if (relative === '' || relative.startsWith('/') || /^[A-Za-z]:[\\/]/.test(relative)) {
    return null;
  }
  return normalizeProjectPath(joinProjectPath(base, relative));
}

/** The `version` of the package.json in `directory`, or `null` when it has none. */
export async function readPackageVersion(
  fs: DetectFileSystem,
  directory: string,
): Promise<string | null> {
  return versionOf(await readJsonFile(fs, joinProjectPath(directory, 'package.json')));
}

/** The `version` string of a package.json or a lockfile entry, else `null`. */
export function versionOf(value: unknown): string | null {
  return isRecord(value) && typeof value.version === 'string' ? value.version : null;
}

/**
 * Whether `version` is an exact semver version (`5.1.0`, `15.0.0-acme`): what a
 * lockfile or an installed package.json must give for detect to report it. Lockfiles
 * also hold places (`link:../pkg`, `workspace:packages/x`, a git URL) and Yarn's
 * `0.0.0-use.local` placeholder, none of which is a version.
 */
export function isExactVersion(version: string): boolean {
  let answer = exactVersions.get(version);
  if (answer === undefined) {
    answer = valid(version) !== null && version !== YARN_PLACEHOLDER;
    exactVersions.set(version, answer);
  }
  return answer;
}

/**
 * Whether a declared range names versions (`^5.1.0`, `5.x`, `*`) rather than a place or
 * a tag (`workspace:^`, `link:../x`, `file:../x.tgz`, `github:user/repo`, `latest`):
 * only a range may stand in as the version when nothing better is known (SPEC §2.1).
 * An empty range, which npm reads as `*`, says nothing worth reporting either.
 */
export function isVersionRange(range: string): boolean {
  if (range.trim() === '') return false;
  let answer = versionRanges.get(range);
  if (answer === undefined) {
    answer = validRange(range) !== null;
    versionRanges.set(range, answer);
  }
  return answer;
}

// A monorepo's services declare the same few ranges and lock the same few versions;
// semver builds a Range (a parse of every comparator) per question, so each string is
// asked once per process. semver is imported statically: nearly every Node service asks,
// and three on-demand chunks cost more to fetch than its ~50 kB cost to parse.
const exactVersions = new Map<string, boolean>();
const versionRanges = new Map<string, boolean>();
