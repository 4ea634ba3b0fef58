import type { DetectFileSystem } from './file-system.js';
import { declaredRange } from './find-package-dependency.js';
import { findWorkspacePackage } from './find-workspace-package.js';
import { listingOf } from './listing-file-system.js';
import {
  isExactVersion,
  isVersionRange,
  localPackagePath,
  readPackageVersion,
} from './local-package.js';
import { isRecord } from './plain-values.js';
import { ancestorDirectories, joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { readLockedVersion } from './read-node-lockfile.js';
import { readYamlFile } from './read-yaml-file.js';

/** The three versions of a package detect can know, each `null` when unknown. */
export interface PackageVersions {
  declared: string | null;
  locked: string | null;
  installed: string | null;
  /**
   * `false` when `declared` names a place or a tag rather than versions (`workspace:^`,
   * `link:../x`, a git URL, `latest`), so that it cannot stand in as the version;
   * absent or `true` when it can.
   */
  declaredIsRange?: boolean;
}

/**
 * Versions of npm package `name` for the workspace `workspace`, each found walking up to
 * the project root as Node's resolution does:
 * - declared by the nearest package.json that lists it (a pnpm `catalog:` range is
 *   looked up in pnpm-workspace.yaml; `workspace:`, `link:` and other protocols are
 *   kept as written);
 * - locked in the nearest lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock,
 *   bun.lock), a local directory's own version where the lockfile takes it from one;
 * - installed in the nearest `node_modules` that holds it, else, for a package the
 *   package manager symlinks there (a workspace package, a `link:` or `portal:`
 *   target), the linked package.json: that is what node_modules would hold.
 */
export async function resolveNodePackageVersion(
  fs: DetectFileSystem,
  workspace: string,
  name: string,
): Promise<PackageVersions> {
  const directories = ancestorDirectories(workspace);
  let declaration: { directory: string; range: string } | null = null;
  let installed: string | null = null;
  for (const directory of directories) {
    if (declaration === null) {
      const manifest = await readJsonFile(fs, joinProjectPath(directory, 'package.json'));
      const range = declaredRange(manifest, name)?.range;
      if (range !== undefined) declaration = { directory, range };
    }
    installed ??= await readPackageVersion(fs, joinProjectPath(directory, `node_modules/${name}`));
  }
  let declared = declaration?.range ?? null;
  if (declared?.startsWith('catalog:')) {
    declared = (await catalogRange(fs, directories, name, declared)) ?? declared;
  }

  const locked = await readLockedVersion(fs, directories, name, declared);
  if (installed === null) {
    const linked =
      locked?.linked ??
      (declaration && (await declaredLink(fs, directories, declaration.directory, name, declared)));
    installed = linked ? await readPackageVersion(fs, linked) : null;
  }
  return {
    declared,
    locked: locked?.version ?? null,
    installed: installed !== null && isExactVersion(installed) ? installed : null,
    declaredIsRange: declared === null || isVersionRange(declared),
  };
}

/**
 * The directory a range links `name` to by itself, without a lockfile: `link:<path>` and
 * Yarn's `portal:<path>` from the declaring package.json's `directory`;
 * `workspace:<path>` likewise; `workspace:<range>` and `workspace:<alias>@<range>` the
 * workspace package of that name (https://pnpm.io/workspaces#workspace-protocol-workspace).
 * `file:` is left out: pnpm and Yarn copy that directory, and only npm links it.
 */
async function declaredLink(
  fs: DetectFileSystem,
  directories: readonly string[],
  directory: string,
  name: string,
  range: string | null,
): Promise<string | null> {
  const protocol = /^(link|portal|workspace):(.*)$/.exec(range ?? '');
  if (!protocol) return null;
  const target = protocol[2] ?? '';
  if (protocol[1] !== 'workspace' || target.startsWith('.') || target.startsWith('/')) {
    return localPackagePath(directory, target);
  }
  const alias = /^(@?[^@]+)@/.exec(target)?.[1];
  return findWorkspacePackage(fs, directories, alias ?? name);
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
    const data = (await readYamlFile(fs, file)) ?? {};
    const catalogs = isRecord(data.catalogs) ? data.catalogs : {};
    const catalog = id === 'default' && isRecord(data.catalog) ? data.catalog : catalogs[id];
    const range = isRecord(catalog) ? catalog[name] : undefined;
    return typeof range === 'string' ? range : null;
  }
  return null;
}
