import { posix } from 'node:path';
import { type ParseError, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { DetectFileSystem } from './file-system.js';
import { listingOf } from './listing-file-system.js';
import {
  isExactVersion,
  localPackagePath,
  readPackageVersion,
  versionOf,
  YARN_PLACEHOLDER,
} from './local-package.js';
import { isRecord, record } from './plain-values.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { readYamlFile } from './read-yaml-file.js';
import { readYarnLock } from './read-yarn-lock.js';
import { runMemo } from './run-memo.js';
import { positionAt, recordUnreadable } from './unreadable-files.js';

/** A version a lockfile pins, with the lockfile that pins it. */
export interface LockedVersion {
  version: string;
  /** Project-relative lockfile path. */
  file: string;
  /**
   * The project path of the local directory the lockfile links the package to (a
   * workspace package, a `link:` or `portal:` target, npm's `file:` symlink), whose
   * package.json is then what is installed; `null` for a copy (registry, git, tarball,
   * pnpm's and Yarn's `file:` directories).
   */
  linked: string | null;
}

/** The lockfiles read, in the order a directory's own is looked for. */
const LOCKFILES = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'] as const;

/**
 * What a lockfile records for a package: a version, or the local directory it takes
 * the package from (`directory`, whose package.json then gives the version), or both;
 * `linked` when that directory is symlinked into node_modules rather than copied.
 */
export interface LockRecord {
  version: string | null;
  directory: string | null;
  linked: boolean;
}

type Reader = (
  fs: DetectFileSystem,
  file: string,
  lockDirectory: string,
  directories: readonly string[],
  name: string,
  declared: string | null,
) => Promise<LockRecord | null>;

const READERS: Record<(typeof LOCKFILES)[number], Reader> = {
  'package-lock.json': fromPackageLock,
  'pnpm-lock.yaml': fromPnpmLock,
  'yarn.lock': readYarnLock,
  'bun.lock': fromBunLock,
};

/**
 * The version of npm package `name` that the nearest lockfile pins for the package at
 * `workspace`, walking up from it (`directories`, nearest first): npm's
 * package-lock.json (v1–v3), pnpm-lock.yaml (the workspace's importer), yarn.lock (v1 and
 * Berry) and bun.lock. `declared` is the range package.json gives, which yarn keys its
 * entries by. Where the lockfile takes the package from a local directory (`workspace:`,
 * `link:`, `file:`) rather than naming a version, the version is that directory's
 * package.json's. `null` when the nearest lockfile pins no exact version of it.
 */
export async function readLockedVersion(
  fs: DetectFileSystem,
  directories: readonly string[],
  name: string,
  declared: string | null,
): Promise<LockedVersion | null> {
  for (const [index, lockDirectory] of directories.entries()) {
    const names = await listingOf(fs, lockDirectory);
    const lockfile = LOCKFILES.find((file) => names.has(file));
    if (!lockfile) continue;
    const file = joinProjectPath(lockDirectory, lockfile);
    const reached = directories.slice(0, index + 1);
    const found = await READERS[lockfile](fs, file, lockDirectory, reached, name, declared);
    if (found === null) return null;
    const { directory } = found;
    let { version } = found;
    if ((version === null || version === YARN_PLACEHOLDER) && directory !== null) {
      version = await readPackageVersion(fs, directory);
    }
    if (version === null || !isExactVersion(version)) return null;
    return { version, file, linked: found.linked ? directory : null };
  }
  return null;
}

/**
 * npm records each installed copy under its path (`apps/web/node_modules/next`); a
 * symlinked one (a workspace package, a `file:` directory) is `{ resolved, link: true }`
 * with `resolved` the target's path from the lockfile, itself an entry with the version.
 */
async function fromPackageLock(
  fs: DetectFileSystem,
  file: string,
  lockDirectory: string,
  directories: readonly string[],
  name: string,
): Promise<LockRecord | null> {
  const lock = await readJsonFile(fs, file);
  if (!isRecord(lock)) return null;
  const packages = record(lock.packages);
  for (const directory of directories) {
    const key = posix.join(posix.relative(lockDirectory, directory), 'node_modules', name);
    const entry = record(packages[key]);
    if (entry.link === true && typeof entry.resolved === 'string') {
      return {
        version: versionOf(packages[entry.resolved]),
        directory: localPackagePath(lockDirectory, entry.resolved),
        linked: true,
      };
    }
    const version = versionOf(entry);
    if (version) return { version, directory: null, linked: false };
  }
  const version = versionOf(record(lock.dependencies)[name]);
  return version === null ? null : { version, directory: null, linked: false };
}

/**
 * pnpm keys importers by their path from the lockfile (`.`, `apps/web`); a dependency's
 * `version` is `5.1.0`, `5.1.0(react@19.1.1)` with its peers, `link:../pkg` for a
 * symlinked directory (`workspace:` and `link:` ranges), `file:../pkg` for a copied one,
 * or another reference (git, tarball URL) whose `packages` entry has the version.
 */
async function fromPnpmLock(
  fs: DetectFileSystem,
  file: string,
  lockDirectory: string,
  directories: readonly string[],
  name: string,
): Promise<LockRecord | null> {
  const lock = await readYamlFile(fs, file);
  const importerDirectory = directories[0] ?? lockDirectory;
  const importer = posix.relative(lockDirectory, importerDirectory) || '.';
  const entry = record(record(lock?.importers)[importer]);
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const value = record(entry[field])[name];
    const reference = typeof value === 'string' ? value : record(value).version;
    if (typeof reference !== 'string') continue;
    for (const protocol of ['link:', 'file:']) {
      if (!reference.startsWith(protocol)) continue;
      const directory = localPackagePath(importerDirectory, reference.slice(protocol.length));
      return { version: null, directory, linked: protocol === 'link:' };
    }
    const version = reference.replace(/\(.*$/, '');
    const listed = versionOf(record(lock?.packages)[`${name}@${version}`]);
    return { version: listed ?? version, directory: null, linked: false };
  }
  return null;
}

/**
 * bun.lock (JSONC): `packages.<name>` is `["name@version", registry, info, integrity]`,
 * or `["name@workspace:packages/x"]` for a workspace package, whose version the
 * lockfile's `workspaces.<path>` entry records.
 */
async function fromBunLock(
  fs: DetectFileSystem,
  file: string,
  lockDirectory: string,
  _directories: readonly string[],
  name: string,
): Promise<LockRecord | null> {
  const lock = await parsedBunLock(fs, file);
  const entry = record(lock?.packages)[name];
  const spec = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
  if (!spec?.startsWith(`${name}@`)) return null;
  const reference = spec.slice(name.length + 1);
  if (!reference.startsWith('workspace:')) {
    return { version: reference, directory: null, linked: false };
  }
  const path = reference.slice('workspace:'.length);
  return {
    version: versionOf(record(lock?.workspaces)[path]),
    directory: localPackagePath(lockDirectory, path),
    linked: true,
  };
}

/**
 * bun.lock parsed once per run. jsonc-parser reads past errors (bun writes trailing
 * commas, which it allows); the first error it reports is recorded for the run's warnings.
 */
const parsedBunLock = runMemo(async (fs, file): Promise<Record<string, unknown> | null> => {
  const text = await fs.readFile(file);
  if (text === null) return null;
  const errors: ParseError[] = [];
  const lock = parseJsonc(text, errors, { allowTrailingComma: true });
  const [first] = errors;
  if (first) {
    const { line, column } = positionAt(text, first.offset);
    const reason = `${printParseErrorCode(first.error)} (JSONC)`;
    recordUnreadable(fs, {
      kind: 'manifest',
      file,
      pointer: null,
      line,
      column,
      reason,
      text: null,
    });
  }
  return record(lock);
});
