import type { DetectFileSystem } from './file-system.js';
import { listingOf } from './listing-file-system.js';
import { ancestorDirectories, joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { isPythonManifest } from './read-python-manifest.js';
import type { ResolvedPackageManager, Runtime } from './types.js';

/** Files that name a package manager, per runtime; in one directory the first wins. */
const MARKERS: Partial<Record<Runtime, readonly [file: string, manager: string][]>> = {
  node: [
    ['package-lock.json', 'npm'],
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['bun.lock', 'bun'],
    ['bun.lockb', 'bun'],
  ],
  python: [
    ['uv.lock', 'uv'],
    ['poetry.lock', 'poetry'],
    ['Pipfile.lock', 'pipenv'],
    ['Pipfile', 'pipenv'],
    ['requirements.txt', 'pip'],
    ['pyproject.toml', 'pip'],
  ],
  go: [['go.mod', 'go']],
  ruby: [['Gemfile', 'bundler']],
  rust: [['Cargo.toml', 'cargo']],
};

/**
 * The package manager of a workspace: the nearest marker file walking up to the project
 * root (a monorepo's lockfile sits at its root). Without a Node lockfile, the nearest
 * package.json `packageManager` field (`pnpm@10.0.0`) decides.
 */
export async function detectPackageManager(
  fs: DetectFileSystem,
  workspace: string,
  runtime: Runtime | null,
): Promise<ResolvedPackageManager | null> {
  const markers = runtime ? (MARKERS[runtime] ?? []) : [];
  const directories = ancestorDirectories(workspace);
  for (const directory of directories) {
    // One listing per directory answers every marker (a cached readdir, not a stat each).
    const names = await listingOf(fs, directory);
    for (const [file, name] of markers) {
      if (!names.has(file)) continue;
      const source = joinProjectPath(directory, file);
      if ((await fs.kind(source)) !== 'file') continue;
      if (file === 'pyproject.toml' && !(await isPythonManifest(fs, source))) continue;
      return { name, source };
    }
  }
  if (runtime !== 'node') return null;

  for (const directory of directories) {
    const source = joinProjectPath(directory, 'package.json');
    const manifest = await readJsonFile(fs, source);
    const field = (manifest as { packageManager?: unknown } | null)?.packageManager;
    if (typeof field === 'string' && field !== '')
      return { name: field.split('@')[0] as string, source };
  }
  return null;
}

/** Files that each say which Node package manager a directory uses. */
const NODE_SIGNS: readonly [file: string, manager: string][] = [
  ['package-lock.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['pnpm-workspace.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['.yarnrc.yml', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];

/**
 * The other package managers the directory of `found` points to, with the file of
 * each: a package-lock.json left beside a pnpm-workspace.yaml, or a package.json
 * `packageManager` field naming another one (peers.md §4c S10). Empty when they agree.
 */
export async function findPackageManagerConflicts(
  fs: DetectFileSystem,
  found: ResolvedPackageManager,
): Promise<{ name: string; source: string }[]> {
  const slash = found.source.lastIndexOf('/');
  const directory = slash < 0 ? '.' : found.source.slice(0, slash);
  const names = await listingOf(fs, directory);
  const conflicts = NODE_SIGNS.filter(([file, name]) => names.has(file) && name !== found.name)
    .filter(([file]) => joinProjectPath(directory, file) !== found.source)
    .map(([file, name]) => ({ name, source: joinProjectPath(directory, file) }));
  const manifest = joinProjectPath(directory, 'package.json');
  const field = ((await readJsonFile(fs, manifest)) as { packageManager?: unknown } | null)
    ?.packageManager;
  const declared = typeof field === 'string' ? field.split('@')[0] : undefined;
  if (declared && declared !== found.name) conflicts.push({ name: declared, source: manifest });
  return conflicts;
}
