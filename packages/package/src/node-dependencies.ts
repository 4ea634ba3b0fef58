import { readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import { SvcpackError } from '@svcpack/detect';

/** Lockfiles, in the order they decide the package manager when detection named none. */
const LOCKFILES = [
  { file: 'pnpm-lock.yaml', manager: 'pnpm' },
  { file: 'package-lock.json', manager: 'npm' },
  { file: 'npm-shrinkwrap.json', manager: 'npm' },
  { file: 'yarn.lock', manager: 'yarn' },
  { file: 'bun.lock', manager: 'bun' },
  { file: 'bun.lockb', manager: 'bun' },
] as const;

/**
 * Fails with `PACKAGE_DEPENDENCIES_NOT_INSTALLED` when a package the workspace's
 * `package.json` lists in `dependencies` is installed in no `node_modules` from the
 * workspace up to the project root, naming the install command to run and where: svcpack
 * packages what the user installed and never installs Node dependencies itself.
 */
export async function checkDependenciesInstalled(
  root: string,
  service: ResolvedService,
): Promise<void> {
  const manifestPath = join(root, service.workspace, 'package.json');
  const manifest = await readJson(manifestPath);
  const declared = Object.keys(asRecord(manifest?.dependencies));
  const missing: string[] = [];
  for (const name of declared.sort()) {
    if (!(await isInstalled(root, service.workspace, name))) missing.push(name);
  }
  if (missing.length === 0) return;

  const { manager, directory } = await findPackageManager(root, service);
  const install = manager === 'npm' && directory.hasLockfile ? 'npm ci' : `${manager} install`;
  const where = directory.path === '.' ? 'the project root' : `"${directory.path}"`;
  const file = posix.join(service.workspace, 'package.json');
  throw SvcpackError.of(
    'PACKAGE_DEPENDENCIES_NOT_INSTALLED',
    `The service "${service.name}" depends on ${missing.map((name) => `"${name}"`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed in any node_modules from "${service.workspace}" up to the project root.`,
    {
      file,
      pointer: '/dependencies',
      value: missing,
      hint: `Run "${install}" in ${where}, then package again: svcpack packages what is installed.`,
    },
  );
}

async function isInstalled(root: string, workspace: string, name: string): Promise<boolean> {
  let dir = workspace;
  for (;;) {
    const found = await stat(join(root, dir, 'node_modules', name, 'package.json')).catch(
      () => null,
    );
    if (found?.isFile()) return true;
    if (dir === '.') return false;
    dir = posix.dirname(dir);
  }
}

async function findPackageManager(
  root: string,
  service: ResolvedService,
): Promise<{ manager: string; directory: { path: string; hasLockfile: boolean } }> {
  let dir = service.workspace;
  for (;;) {
    for (const { file, manager } of LOCKFILES) {
      const found = await stat(join(root, dir, file)).catch(() => null);
      if (found?.isFile()) {
        return {
          manager: service.packageManager?.name ?? manager,
          directory: { path: dir, hasLockfile: true },
        };
      }
    }
    if (dir === '.') break;
    dir = posix.dirname(dir);
  }
  return {
    manager: service.packageManager?.name ?? 'npm',
    directory: { path: service.workspace, hasLockfile: false },
  };
}

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return null;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
