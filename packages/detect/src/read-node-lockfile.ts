import { posix } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { DetectFileSystem } from './file-system.js';
import { listingOf } from './listing-file-system.js';
import { isRecord, record } from './plain-values.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';

/** A version a lockfile pins, with the lockfile that pins it. */
export interface LockedVersion {
  version: string;
  /** Project-relative lockfile path. */
  file: string;
}

/** The lockfiles read, in the order a directory's own is looked for. */
const LOCKFILES = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'] as const;

/**
 * The version of npm package `name` that the nearest lockfile pins for the package at
 * `workspace`, walking up from it (`directories`, nearest first): npm's
 * package-lock.json (v1–v3), pnpm-lock.yaml (the workspace's importer; `link:` entries
 * are workspace packages, and their own package.json version is taken), yarn.lock (v1 and
 * Berry) and bun.lock. `declared` is the range package.json gives, which yarn and bun key
 * their entries by. `null` when no lockfile pins it.
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
    const version = await READERS[lockfile](fs, file, lockDirectory, reached, name, declared);
    return version === null ? null : { version, file };
  }
  return null;
}

type Reader = (
  fs: DetectFileSystem,
  file: string,
  lockDirectory: string,
  directories: readonly string[],
  name: string,
  declared: string | null,
) => Promise<string | null>;

const READERS: Record<(typeof LOCKFILES)[number], Reader> = {
  'package-lock.json': fromPackageLock,
  'pnpm-lock.yaml': fromPnpmLock,
  'yarn.lock': fromYarnLock,
  'bun.lock': fromBunLock,
};

/** npm records each installed copy under its path (`apps/web/node_modules/next`). */
async function fromPackageLock(
  fs: DetectFileSystem,
  file: string,
  lockDirectory: string,
  directories: readonly string[],
  name: string,
): Promise<string | null> {
  const lock = await readJsonFile(fs, file);
  if (!isRecord(lock)) return null;
  const packages = isRecord(lock.packages) ? lock.packages : {};
  for (const directory of directories) {
    const key = posix.join(posix.relative(lockDirectory, directory), 'node_modules', name);
    const version = versionOf(packages[key]);
    if (version) return version;
  }
  const legacy = isRecord(lock.dependencies) ? lock.dependencies : {};
  return versionOf(legacy[name]);
}

/**
 * pnpm keys importers by their path from the lockfile (`.`, `apps/web`); a dependency's
 * `version` is `5.1.0`, `5.1.0(react@19.1.1)` with its peers, or `link:../pkg` for a
 * workspace package (`workspace:` ranges).
 */
async function fromPnpmLock(
  fs: DetectFileSystem,
  file: string,
  lockDirectory: string,
  directories: readonly string[],
  name: string,
): Promise<string | null> {
  const lock = await readYamlFile(fs, file);
  const importers = isRecord(lock?.importers) ? lock.importers : {};
  const importer = posix.relative(lockDirectory, directories[0] ?? lockDirectory) || '.';
  const entry = record(importers[importer]);
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const value = record(entry[field])[name];
    const version = typeof value === 'string' ? value : record(value).version;
    if (typeof version !== 'string') continue;
    if (version.startsWith('link:')) {
      const target = joinProjectPath(directories[0] ?? '.', version.slice('link:'.length));
      return versionOf(await readJsonFile(fs, joinProjectPath(target, 'package.json')));
    }
    return version.replace(/\(.*$/, '');
  }
  return null;
}

/**
 * yarn.lock v1 keys entries by `name@range` (several ranges per entry, comma-joined);
 * Berry's is YAML with `name@npm:range` keys and a `__metadata` entry.
 */
async function fromYarnLock(
  fs: DetectFileSystem,
  file: string,
  _lockDirectory: string,
  _directories: readonly string[],
  name: string,
  declared: string | null,
): Promise<string | null> {
  const text = await fs.readFile(file);
  if (text === null) return null;
  const entries = text.includes('__metadata:')
    ? record(await parseYamlQuietly(text))
    : record(await parseYarnV1(text));
  const wanted = declared === null ? null : [`${name}@${declared}`, `${name}@npm:${declared}`];
  let any: string | null = null;
  for (const [key, value] of Object.entries(entries)) {
    const specs = key.split(',').map((spec) => spec.trim().replace(/^"|"$/g, ''));
    if (!specs.some((spec) => spec.startsWith(`${name}@`))) continue;
    const version = versionOf(value);
    if (version && wanted?.some((spec) => specs.includes(spec))) return version;
    any ??= version;
  }
  return any;
}

/** bun.lock (JSONC): `packages.<name>` is `["name@version", registry, info, integrity]`. */
async function fromBunLock(
  fs: DetectFileSystem,
  file: string,
  _lockDirectory: string,
  _directories: readonly string[],
  name: string,
): Promise<string | null> {
  const text = await fs.readFile(file);
  const lock = text === null ? null : record(parseJsonc(text));
  const entry = record(lock?.packages)[name];
  const spec = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
  return spec?.startsWith(`${name}@`) ? spec.slice(name.length + 1) : null;
}

const yamlCache = new WeakMap<DetectFileSystem, Map<string, Promise<Record<string, unknown>>>>();

/** A YAML file parsed once per run; the `yaml` package loads only when one is read. */
function readYamlFile(fs: DetectFileSystem, file: string): Promise<Record<string, unknown> | null> {
  let cache = yamlCache.get(fs);
  if (!cache) {
    cache = new Map();
    yamlCache.set(fs, cache);
  }
  let hit = cache.get(file);
  if (!hit) {
    hit = fs
      .readFile(file)
      .then(async (text) => record(text === null ? null : await parseYamlQuietly(text)));
    cache.set(file, hit);
  }
  return hit;
}

async function parseYamlQuietly(text: string): Promise<unknown> {
  const { parse } = await import('yaml');
  try {
    return parse(text);
  } catch {
    return null;
  }
}

async function parseYarnV1(text: string): Promise<unknown> {
  // A CommonJS module whose named exports Node's static analysis does not see: Node
  // offers them on `default` only, other loaders (vitest) by name.
  type Lockfile = typeof import('@yarnpkg/lockfile');
  const module = (await import('@yarnpkg/lockfile')) as Partial<Lockfile> & {
    default?: Partial<Lockfile>;
  };
  const parse = module.parse ?? module.default?.parse;
  if (!parse) return null;
  try {
    const parsed = parse(text);
    return parsed.type === 'success' || parsed.type === 'merge' ? parsed.object : null;
  } catch {
    return null;
  }
}

function versionOf(value: unknown): string | null {
  return isRecord(value) && typeof value.version === 'string' ? value.version : null;
}
