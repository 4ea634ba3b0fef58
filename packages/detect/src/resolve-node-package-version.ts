import type { DetectFileSystem } from './file-system.js';
import { declaredRange } from './find-package-dependency.js';
import { listingOf } from './listing-file-system.js';
import { isRecord, safely } from './plain-values.js';
import { ancestorDirectories, joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { readLockedVersion } from './read-node-lockfile.js';

/** The three versions of a package detect can know, each `null` when unknown. */
export interface PackageVersions {
  declared: string | null;
  locked: string | null;
  installed: string | null;
}

/**
 * Versions of npm package `name` for the workspace `workspace`: declared by the nearest
 * package.json that lists it (a pnpm `catalog:` range is looked up in
 * pnpm-workspace.yaml), locked in the nearest lockfile (package-lock.json,
 * pnpm-lock.yaml, yarn.lock, bun.lock), installed in the nearest `node_modules` that
 * holds it, all found walking up to the project root as Node's resolution does.
 */
export async function resolveNodePackageVersion(
  fs: DetectFileSystem,
  workspace: string,
  name: string,
): Promise<PackageVersions> {
  const directories = ancestorDirectories(workspace);
  let declared: string | null = null;
  let installed: string | null = null;
  for (const directory of directories) {
    declared ??=
      declaredRange(await readJsonFile(fs, joinProjectPath(directory, 'package.json')), name)
        ?.range ?? null;
    installed ??= versionOf(
      await readJsonFile(fs, joinProjectPath(directory, `node_modules/${name}/package.json`)),
    );
  }
  if (declared?.startsWith('catalog:')) {
    declared = (await catalogRange(fs, directories, name, declared)) ?? declared;
  }
  const locked = await readLockedVersion(fs, directories, name, declared);
  return { declared, locked: locked?.version ?? null, installed };
}

/**
 * The range a pnpm catalog gives `name`: `catalog:` is the default catalog (`catalog:`
 * in pnpm-workspace.yaml, or `catalogs.default`), `catalog:<id>` a named one.
 * https://pnpm.io/catalogs
 */
async function catalogRange(
  fs: DetectFileSystem,
  directories: readonly string[],
  name: string,
  reference: string,
): Promise<string | null> {
  const id = reference.slice('catalog:'.length) || 'default';
  for (const directory of directories) {
    const file = joinProjectPath(directory, 'pnpm-workspace.yaml');
    if (!(await listingOf(fs, directory)).has('pnpm-workspace.yaml')) continue;
    const text = await fs.readFile(file);
    const { parse } = await import('yaml');
    const parsed = safely(() => parse(text ?? '') as unknown);
    const data = isRecord(parsed) ? parsed : {};
    const catalogs = isRecord(data.catalogs) ? data.catalogs : {};
    const catalog = id === 'default' && isRecord(data.catalog) ? data.catalog : catalogs[id];
    const range = isRecord(catalog) ? catalog[name] : undefined;
    return typeof range === 'string' ? range : null;
  }
  return null;
}

function versionOf(value: unknown): string | null {
  return isRecord(value) && typeof value.version === 'string' ? value.version : null;
}
