import { parse as parseToml } from 'smol-toml';
import type { DetectFileSystem } from './file-system.js';
import { listingOf } from './listing-file-system.js';
import { safely } from './plain-values.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { readYamlFile } from './read-yaml-file.js';
import { runMemo } from './run-memo.js';
import type { Runtime, WorkspaceRule } from './types.js';

/** One member glob a workspace file lists. */
export interface WorkspacePattern {
  /** Relative to the directory of `file`, without `./` or a trailing `/`; `!` excludes. */
  glob: string;
  rule: WorkspaceRule;
  /** Project-relative path of the file that lists it. */
  file: string;
}

/** The runtime whose packages each kind of workspace file lists. */
export const WORKSPACE_RUNTIME: Record<WorkspaceRule, Runtime> = {
  'package.json#workspaces': 'node',
  'pnpm-workspace.yaml#packages': 'node',
  'pyproject.toml#tool.uv.workspace': 'python',
  'go.work#use': 'go',
};

/** Patterns per file system and directory: a monorepo root is read once per run. */

/**
 * The member globs the workspace files of `directory` list, in this order: package.json
 * `workspaces` (the array, or Yarn's `{ packages }`), pnpm-workspace.yaml `packages`,
 * pyproject.toml `[tool.uv.workspace]` `members` (its `exclude` as `!` globs) and go.work
 * `use`. Empty when the directory declares no workspace. Parsed once per run.
 */
export function readWorkspacePatterns(
  fs: DetectFileSystem,
  directory: string,
): Promise<WorkspacePattern[]> {
  return patternsOf(fs, directory);
}

const patternsOf = runMemo(read);

async function read(fs: DetectFileSystem, directory: string): Promise<WorkspacePattern[]> {
  const names = await listingOf(fs, directory);
  const patterns: WorkspacePattern[] = [];
  const add = (globs: string[], rule: WorkspaceRule, file: string) => {
    for (const glob of globs) patterns.push({ glob: clean(glob), rule, file });
  };

  if (names.has('package.json')) {
    const file = joinProjectPath(directory, 'package.json');
    const manifest = (await readJsonFile(fs, file)) as { workspaces?: unknown } | null;
    const workspaces = manifest?.workspaces;
    const globs = Array.isArray(workspaces)
      ? workspaces
      : (workspaces as { packages?: unknown } | undefined)?.packages;
    add(strings(globs), 'package.json#workspaces', file);
  }

  if (names.has('pnpm-workspace.yaml')) {
    const file = joinProjectPath(directory, 'pnpm-workspace.yaml');
    const data = await readYamlFile(fs, file);
    // A pnpm-workspace.yaml holding only settings (onlyBuiltDependencies, catalogs) lists
    // no packages: it does not make a monorepo (peers.md §4a D15).
    add(strings(data?.packages), 'pnpm-workspace.yaml#packages', file);
  }

  if (names.has('pyproject.toml')) {
    const file = joinProjectPath(directory, 'pyproject.toml');
    const text = await fs.readFile(file);
    const data = text === null ? null : safely(() => parseToml(text));
    const workspace = (data as { tool?: { uv?: { workspace?: Record<string, unknown> } } } | null)
      ?.tool?.uv?.workspace;
    add(strings(workspace?.members), 'pyproject.toml#tool.uv.workspace', file);
    const excluded = strings(workspace?.exclude).map((glob) => `!${glob}`);
    add(excluded, 'pyproject.toml#tool.uv.workspace', file);
  }

  if (names.has('go.work')) {
    const file = joinProjectPath(directory, 'go.work');
    const text = await fs.readFile(file);
    add(text === null ? [] : goWorkUses(text), 'go.work#use', file);
  }
  return patterns;
}

/** The directories of go.work `use` directives, single-line and block form. */
function goWorkUses(text: string): string[] {
  const code = text.replace(/\/\/[^\n]*/g, '');
  const uses: string[] = [];
  for (const match of code.matchAll(/^\s*use\s*(?:\(([^)]*)\)|(\S+))/gm)) {
    const items = match[1] === undefined ? [match[2] ?? ''] : match[1].split(/\s+/);
    for (const item of items) {
      const path = item.replace(/^"|"$/g, '');
      if (path !== '' && path !== '.') uses.push(path);
    }
  }
  return uses;
}

/** `./apps/web/` → `apps/web`, `!./old` → `!old`: the form picomatch matches paths against. */
function clean(glob: string): string {
  const negated = glob.startsWith('!');
  const body = (negated ? glob.slice(1) : glob).replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  return `${negated ? '!' : ''}${body === '' ? '.' : body}`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
