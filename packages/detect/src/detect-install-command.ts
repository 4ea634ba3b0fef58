import { posix } from 'node:path';
import { readYarnLockFlavour } from './detect-package-manager.js';
import type { DetectFileSystem } from './file-system.js';
import type { DetectedPackageManager, ToolchainCommand, WorkspaceRoot } from './types.js';

/** How one manager installs: with its lockfile kept as is, and without a lockfile. */
const INSTALLS: Record<string, { locked: string; unlocked: string }> = {
  npm: { locked: 'npm ci', unlocked: 'npm install' },
  pnpm: { locked: 'pnpm install --frozen-lockfile', unlocked: 'pnpm install' },
  yarn: { locked: 'yarn install --frozen-lockfile', unlocked: 'yarn install' },
  bun: { locked: 'bun install --frozen-lockfile', unlocked: 'bun install' },
  uv: { locked: 'uv sync --frozen', unlocked: 'uv sync' },
  poetry: { locked: 'poetry install', unlocked: 'poetry install' },
  pipenv: { locked: 'pipenv install --deploy', unlocked: 'pipenv install' },
  go: { locked: 'go mod download', unlocked: 'go mod download' },
  bundler: { locked: 'bundle install', unlocked: 'bundle install' },
  cargo: { locked: 'cargo fetch', unlocked: 'cargo fetch' },
};

/**
 * The install command a user would run for a service whose install is not configured,
 * derived from its package manager: the lockfile-respecting form when the manager
 * decided by its lockfile (`npm ci`, `pnpm install --frozen-lockfile`, `yarn install
 * --immutable` for Berry, `uv sync --frozen`, `pipenv install --deploy`), the plain one
 * otherwise; pip installs its requirements.txt (or the project, `pip install .`).
 *
 * It runs where the lockfile is, else at the root of the workspace the service belongs
 * to, else beside the manifest: every JS manager installs a workspace from its root.
 * A uv member is synced from the root with `--package <name>`, since a plain `uv sync`
 * at the root installs the root project only. `null` when nothing names a manager
 * (the `default` rule: there is nothing to install).
 */
export async function detectInstallCommand(
  fs: DetectFileSystem,
  manager: DetectedPackageManager | null,
  root: WorkspaceRoot | null,
): Promise<ToolchainCommand | null> {
  if (manager === null || manager.source === null) return null;
  const locked = manager.rule === 'lockfile';
  const near = posix.dirname(manager.source);
  const cwd = locked ? near : (root?.directory ?? near);
  const from = {
    cwd,
    rule: locked ? ('lockfile' as const) : ('manifest' as const),
    source: manager.source,
    line: manager.line,
  };

  if (manager.name === 'pip') {
    const file = posix.basename(manager.source);
    const command = file === 'pyproject.toml' ? 'pip install .' : `pip install -r ${file}`;
    return { command, ...from, cwd: near };
  }
  const forms = INSTALLS[manager.name];
  if (!forms) return null;
  let command = locked ? forms.locked : forms.unlocked;
  if (manager.name === 'yarn' && locked && (await isYarnBerry(fs, manager))) {
    command = 'yarn install --immutable';
  }
  if (manager.name === 'uv' && root?.member && root.package !== null) {
    return { command: `${command} --package ${root.package}`, ...from, cwd: root.directory };
  }
  // A module downloads its own requirements, go.work or not.
  if (manager.name === 'go') return { command, ...from, cwd: near };
  return { command, ...from };
}

/** Berry by the `packageManager` version (2 and later) or by its lockfile's format. */
async function isYarnBerry(fs: DetectFileSystem, manager: DetectedPackageManager) {
  const major = Number.parseInt(manager.version ?? '', 10);
  if (!Number.isNaN(major)) return major >= 2;
  return manager.source !== null && (await readYarnLockFlavour(fs, manager.source)) === 'berry';
}
