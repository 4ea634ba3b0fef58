import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import { findPackageDependency } from './find-package-dependency.js';
import { ancestorDirectories, joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';

/** The three versions of a package detect can know, each `null` when unknown. */
export interface PackageVersions {
  declared: string | null;
  locked: string | null;
  installed: string | null;
}

/**
 * Versions of npm package `name` for the workspace `workspace`: declared by the nearest
 * package.json that lists it, locked in the nearest package-lock.json (v2/v3
 * `packages`, v1 `dependencies`), installed in the nearest `node_modules` that holds it,
 * all found walking up to the project root as Node's resolution does.
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
      (await findPackageDependency(fs, joinProjectPath(directory, 'package.json'), name))?.range ??
      null;
    installed ??= versionOf(
      await readJsonFile(fs, joinProjectPath(directory, `node_modules/${name}/package.json`)),
    );
  }
  return { declared, locked: await lockedVersion(fs, directories, name), installed };
}

/** npm records each installed copy under its path (`apps/web/node_modules/next`). */
async function lockedVersion(fs: DetectFileSystem, directories: string[], name: string) {
  for (const [index, lockDirectory] of directories.entries()) {
    const lock = await readJsonFile(fs, joinProjectPath(lockDirectory, 'package-lock.json'));
    if (!isRecord(lock)) continue;
    const packages = isRecord(lock.packages) ? lock.packages : {};
    for (const directory of directories.slice(0, index + 1)) {
      const key = posix.join(posix.relative(lockDirectory, directory), 'node_modules', name);
      const version = versionOf(packages[key]);
      if (version) return version;
    }
    const legacy = isRecord(lock.dependencies) ? lock.dependencies : {};
    return versionOf(legacy[name]);
  }
  return null;
}

function versionOf(value: unknown): string | null {
  return isRecord(value) && typeof value.version === 'string' ? value.version : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
