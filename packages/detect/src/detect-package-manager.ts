import { parse as parseToml } from 'smol-toml';
import type { DetectFileSystem } from './file-system.js';
import { findWorkspaceRoot } from './find-workspace-root.js';
import { lineAt } from './line-at.js';
import { listingOf } from './listing-file-system.js';
import { isRecord, safely } from './plain-values.js';
import { ancestorDirectories, joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { isPythonManifest } from './read-python-manifest.js';
import { runMemo } from './run-memo.js';
import type {
  DetectedPackageManager,
  PackageManagerRule,
  ResolvedPackageManager,
  Runtime,
} from './types.js';

/**
 * A file that names a package manager. Objects rather than `[file, manager]` pairs: the
 * loops below run for every service and directory, and destructuring a pair walks an
 * array iterator each time under the baseline compiler detect runs with.
 */
interface Marker {
  file: string;
  manager: string;
}

function markers(pairs: readonly (readonly [file: string, manager: string])[]): Marker[] {
  return pairs.map(([file, manager]) => ({ file, manager }));
}

/** Node lockfiles; in one directory the first wins (a conflict is warned about). */
const NODE_LOCKFILES: readonly Marker[] = markers([
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
]);

/** The Node lockfile names, in the order one directory's are tried. */
export const NODE_LOCKFILE_ORDER: readonly string[] = NODE_LOCKFILES.map((marker) => marker.file);

/** Files only one Node package manager reads. */
const NODE_MANAGER_FILES: readonly Marker[] = markers([
  ['pnpm-workspace.yaml', 'pnpm'],
  ['.yarnrc.yml', 'yarn'],
]);

/** Python lockfiles; in one directory the first wins. */
const PYTHON_LOCKFILES: readonly Marker[] = markers([
  ['uv.lock', 'uv'],
  ['poetry.lock', 'poetry'],
  ['Pipfile.lock', 'pipenv'],
]);

/** Python manifests that name no manager of their own but imply one. */
const PYTHON_MANIFESTS: readonly Marker[] = markers([
  ['Pipfile', 'pipenv'],
  ['requirements.txt', 'pip'],
  ['pyproject.toml', 'pip'],
]);

/** The one manifest (and manager) of the other runtimes. */
const OTHER_MANIFESTS: Partial<Record<Runtime, readonly [file: string, manager: string]>> = {
  go: ['go.mod', 'go'],
  ruby: ['Gemfile', 'bundler'],
  rust: ['Cargo.toml', 'cargo'],
};

/** The tool tables that name a Python manager, and their headers (`[tool.poetry.group.dev]`). */
type ManagerTable = 'tool.poetry' | 'tool.uv';
const TABLE_HEADERS: Record<ManagerTable, RegExp> = {
  'tool.poetry': /^[ \t]*\[tool\.poetry[.\]]/m,
  'tool.uv': /^[ \t]*\[tool\.uv[.\]]/m,
};

/** pyproject.toml tool tables per file system, parsed once per run. */

/**
 * The package manager of a workspace, found walking up from it to the project root (a
 * monorepo's lockfile sits at its root), with the rule that fired
 * ({@link PACKAGE_MANAGER_RULES}):
 *
 * - node: the nearest lockfile; else the nearest package.json `packageManager` field;
 *   else the nearest pnpm-workspace.yaml or .yarnrc.yml; else npm for the nearest
 *   package.json (`manifest-only`); else npm (`default`).
 * - python: per directory, a lockfile (uv.lock, poetry.lock, Pipfile.lock), then a
 *   pyproject.toml `[tool.poetry]` / `[tool.uv]` table, then a manifest (Pipfile →
 *   pipenv, requirements.txt or a pyproject.toml project → pip); the nearest directory
 *   with any of them wins, except that a member of a uv workspace climbs to its root
 *   (its own pyproject.toml names no manager). Else pip (`default`).
 * - go, ruby, rust: the nearest go.mod, Gemfile, Cargo.toml; go's default is go.
 *
 * `null` for a service without a runtime, and for ruby, rust and containers without a
 * manifest.
 */
export async function explainPackageManager(
  fs: DetectFileSystem,
  workspace: string,
  runtime: Runtime | null,
): Promise<DetectedPackageManager | null> {
  if (runtime === null) return null;
  const directories = await listAll(fs, ancestorDirectories(workspace));
  if (runtime === 'node') return detectNodeManager(fs, directories);
  if (runtime === 'python') return detectPythonManager(fs, directories);
  const manifest = OTHER_MANIFESTS[runtime];
  if (!manifest) return null;
  const [file, name] = manifest;
  for (const listed of directories) {
    const found = listed.names.has(file) ? await fileIn(fs, listed, file) : null;
    if (found !== null) return decided(name, 'manifest-only', found, `${file}: managed by ${name}`);
  }
  return runtime === 'go' ? decided('go', 'default', null, 'no go.mod: plain go') : null;
}

/**
 * The package manager as SPEC §2.1 shows it: {@link explainPackageManager}'s answer as
 * `{ name, source }`, `null` when no file names one (the `default` rule).
 */
export async function detectPackageManager(
  fs: DetectFileSystem,
  workspace: string,
  runtime: Runtime | null,
): Promise<ResolvedPackageManager | null> {
  const found = await explainPackageManager(fs, workspace, runtime);
  return found?.source ? { name: found.name, source: found.source } : null;
}

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
  const conflicts = [...NODE_LOCKFILES, ...NODE_MANAGER_FILES]
    .filter(({ file, manager }) => names.has(file) && manager !== found.name)
    .filter(({ file }) => joinProjectPath(directory, file) !== found.source)
    .map(({ file, manager }) => ({ name: manager, source: joinProjectPath(directory, file) }));
  const manifest = joinProjectPath(directory, 'package.json');
  const declared = parseField(await readJsonFile(fs, manifest))?.name;
  if (declared && declared !== found.name) conflicts.push({ name: declared, source: manifest });
  return conflicts;
}

/** Berry's yarn.lock has a `__metadata:` block near its top; v1's says `# yarn lockfile v1`. */
export async function readYarnLockFlavour(
  fs: DetectFileSystem,
  file: string,
): Promise<'berry' | 'v1' | null> {
  const head = ((await fs.readFile(file)) ?? '').slice(0, 1024);
  if (/^__metadata:/m.test(head)) return 'berry';
  return head.includes('yarn lockfile v1') ? 'v1' : null;
}

async function detectNodeManager(
  fs: DetectFileSystem,
  directories: Listed[],
): Promise<DetectedPackageManager> {
  const field = await nearestField(fs, directories);
  const withVersion = (manager: DetectedPackageManager) =>
    field && field.name === manager.name ? { ...manager, version: field.version } : manager;

  for (const listed of directories) {
    for (const { file, manager: name } of NODE_LOCKFILES) {
      const source = listed.names.has(file) ? await fileIn(fs, listed, file) : null;
      if (source === null) continue;
      const detail =
        name === 'yarn' ? await yarnLockDetail(fs, source) : `${file} is ${name}'s lockfile`;
      return withVersion(decided(name, 'lockfile', source, detail));
    }
  }
  if (field) {
    const { source, line, name, version, raw } = field;
    return { name, version, rule: 'packageManager-field', source, line, detail: `"${raw}"` };
  }
  for (const listed of directories) {
    for (const { file, manager: name } of NODE_MANAGER_FILES) {
      const source = listed.names.has(file) ? await fileIn(fs, listed, file) : null;
      if (source === null) continue;
      return decided(name, 'manager-file', source, `only ${name} reads ${file}`);
    }
  }
  for (const listed of directories) {
    const source = listed.names.has('package.json')
      ? await fileIn(fs, listed, 'package.json')
      : null;
    if (source === null) continue;
    return decided('npm', 'manifest-only', source, 'no lockfile or packageManager field: npm');
  }
  return decided('npm', 'default', null, 'no package.json: npm');
}

async function detectPythonManager(
  fs: DetectFileSystem,
  directories: Listed[],
): Promise<DetectedPackageManager> {
  // Only a pyproject.toml above the workspace can make it a uv member.
  const above = directories.slice(1).some((listed) => listed.names.has('pyproject.toml'));
  const workspace = directories[0]?.directory ?? '.';
  const root = above ? await findWorkspaceRoot(fs, workspace, 'python') : null;
  const rootIndex = root?.member
    ? directories.findIndex((l) => l.directory === root.directory)
    : -1;
  for (const [index, listed] of directories.entries()) {
    for (const { file, manager: name } of PYTHON_LOCKFILES) {
      const source = listed.names.has(file) ? await fileIn(fs, listed, file) : null;
      if (source !== null)
        return decided(name, 'lockfile', source, `${file} is ${name}'s lockfile`);
    }
    const pyproject = listed.names.has('pyproject.toml')
      ? await fileIn(fs, listed, 'pyproject.toml')
      : null;
    const table = pyproject === null ? null : await managerTable(fs, pyproject);
    if (pyproject !== null && table !== null) {
      const name = table === 'tool.poetry' ? 'poetry' : 'uv';
      const text = (await fs.readFile(pyproject)) ?? '';
      const offset = text.search(TABLE_HEADERS[table]);
      return {
        ...decided(name, 'pyproject-tool-table', pyproject, `[${table}] is ${name}'s table`),
        line: offset < 0 ? null : lineAt(text, offset),
      };
    }

    // Below the root of its uv workspace, a member's own manifest names no manager.
    if (index < rootIndex) continue;
    for (const { file, manager: name } of PYTHON_MANIFESTS) {
      const source = listed.names.has(file) ? await fileIn(fs, listed, file) : null;
      if (source === null) continue;
      if (file === 'pyproject.toml' && !(await isPythonManifest(fs, source))) continue;
      return decided(name, 'manifest-only', source, `${file} without a lockfile: ${name}`);
    }
  }
  return decided('pip', 'default', null, 'no Python manifest: pip');
}

function decided(
  name: string,
  rule: PackageManagerRule,
  source: string | null,
  detail: string,
): DetectedPackageManager {
  return { name, version: null, rule, source, line: null, detail };
}

/**
 * A directory with its (cached) listing. Callers test `names.has` before awaiting
 * {@link fileIn}: on 1,000 services a miss then costs a set lookup, not a microtask.
 */
interface Listed {
  directory: string;
  names: ReadonlySet<string>;
}

async function listAll(fs: DetectFileSystem, directories: string[]): Promise<Listed[]> {
  const listed: Listed[] = [];
  for (const directory of directories) {
    listed.push({ directory, names: await listingOf(fs, directory) });
  }
  return listed;
}

/** `directory/file` when the listing has it and it is a file, not a directory. */
async function fileIn(fs: DetectFileSystem, listed: Listed, file: string): Promise<string | null> {
  if (!listed.names.has(file)) return null;
  const path = joinProjectPath(listed.directory, file);
  return (await fs.kind(path)) === 'file' ? path : null;
}

interface ManagerField {
  name: string;
  version: string | null;
  /** The field as written (`pnpm@10.34.9+sha512.…`). */
  raw: string;
  source: string;
  line: number | null;
}

/** The nearest package.json `packageManager` field, with its line. */
async function nearestField(
  fs: DetectFileSystem,
  directories: Listed[],
): Promise<ManagerField | null> {
  for (const listed of directories) {
    const source = listed.names.has('package.json')
      ? await fileIn(fs, listed, 'package.json')
      : null;
    if (source === null) continue;
    const field = parseField(await readJsonFile(fs, source));
    if (!field) continue;
    const text = (await fs.readFile(source)) ?? '';
    const offset = text.search(/"packageManager"\s*:/);
    return { ...field, source, line: offset < 0 ? null : lineAt(text, offset) };
  }
  return null;
}

/** `pnpm@10.34.9+sha512.abc` → pnpm, 10.34.9 (https://nodejs.org/api/packages.html#packagemanager). */
function parseField(
  manifest: unknown,
): { name: string; version: string | null; raw: string } | null {
  const raw = isRecord(manifest) ? manifest.packageManager : undefined;
  if (typeof raw !== 'string' || raw === '') return null;
  const at = raw.indexOf('@', 1);
  const name = at < 0 ? raw : raw.slice(0, at);
  const version = at < 0 ? null : (raw.slice(at + 1).split('+')[0] ?? null);
  return { name, version: version === '' ? null : version, raw };
}

async function yarnLockDetail(fs: DetectFileSystem, source: string): Promise<string> {
  const flavour = await readYarnLockFlavour(fs, source);
  if (flavour === 'berry') return 'yarn.lock is Yarn Berry\'s lockfile (it has "__metadata")';
  return flavour === 'v1'
    ? 'yarn.lock is Yarn v1\'s lockfile ("yarn lockfile v1")'
    : "yarn.lock is Yarn's lockfile";
}

/** `tool.poetry` or `tool.uv` when the pyproject.toml has that table (poetry first), else `null`. */
const managerTable = runMemo(async (fs, file): Promise<ManagerTable | null> => {
  const text = await fs.readFile(file);
  const tool = (safely(() => parseToml(text ?? '')) as { tool?: unknown } | null)?.tool;
  if (!isRecord(tool)) return null;
  return isRecord(tool.poetry) ? 'tool.poetry' : isRecord(tool.uv) ? 'tool.uv' : null;
});
