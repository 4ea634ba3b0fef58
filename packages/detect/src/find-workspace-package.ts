import picomatch from 'picomatch';
import type { DetectFileSystem } from './file-system.js';
import { listingOf } from './listing-file-system.js';
import { isRecord } from './plain-values.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { readYamlFile } from './read-yaml-file.js';

/** How deep below its fixed part a `**` workspace pattern is searched. */
const GLOBSTAR_DEPTH = 4;

/** Directories a workspace pattern never reaches, as in pnpm and npm. */
const SKIPPED = /^(?:node_modules|\..*)$/;

/**
 * The project path of the workspace package named `name`, as a `workspace:` range finds
 * it: the nearest workspace root walking up `directories` (a pnpm-workspace.yaml, else a
 * package.json with `workspaces`), then the first directory its patterns match, in
 * pattern order, whose package.json has that name. `null` when there is none.
 */
export async function findWorkspacePackage(
  fs: DetectFileSystem,
  directories: readonly string[],
  name: string,
): Promise<string | null> {
  for (const root of directories) {
    const patterns = await workspacePatterns(fs, root);
    if (patterns === null) continue;
    const excluded = patterns
      .filter((pattern) => pattern.startsWith('!'))
      .map((pattern) => picomatch(clean(pattern.slice(1))));
    for (const pattern of patterns.filter((item) => !item.startsWith('!'))) {
      const matches = picomatch(clean(pattern));
      for (const relative of await candidates(fs, root, clean(pattern))) {
        if (!matches(relative) || excluded.some((exclude) => exclude(relative))) continue;
        const directory = joinProjectPath(root, relative);
        const manifest = await readJsonFile(fs, joinProjectPath(directory, 'package.json'));
        if (isRecord(manifest) && manifest.name === name) return directory;
      }
    }
    return null;
  }
  return null;
}

/**
 * The package patterns of the workspace rooted at `directory`: pnpm-workspace.yaml
 * `packages`, else package.json `workspaces` (an array, or Yarn's `{ packages }`);
 * `null` when `directory` is no workspace root.
 */
async function workspacePatterns(
  fs: DetectFileSystem,
  directory: string,
): Promise<string[] | null> {
  const names = await listingOf(fs, directory);
  if (names.has('pnpm-workspace.yaml')) {
    const data = await readYamlFile(fs, joinProjectPath(directory, 'pnpm-workspace.yaml'));
    return strings(data?.packages);
  }
  if (!names.has('package.json')) return null;
  const manifest = await readJsonFile(fs, joinProjectPath(directory, 'package.json'));
  const workspaces = isRecord(manifest) ? manifest.workspaces : undefined;
  if (workspaces === undefined) return null;
  return strings(isRecord(workspaces) ? workspaces.packages : workspaces);
}

/**
 * The directories (relative to `root`) that `pattern` could match: its fixed leading
 * part, and below that as many levels as the pattern has, or {@link GLOBSTAR_DEPTH}.
 */
async function candidates(fs: DetectFileSystem, root: string, pattern: string): Promise<string[]> {
  const { base, glob, isGlob, isGlobstar } = picomatch.scan(pattern);
  if (!isGlob) return [pattern];
  const depth = isGlobstar ? GLOBSTAR_DEPTH : glob.split('/').length;
  return walk(fs, root, base, depth);
}

async function walk(
  fs: DetectFileSystem,
  root: string,
  relative: string,
  depth: number,
): Promise<string[]> {
  if (depth === 0) return [];
  const directory = relative === '' ? root : joinProjectPath(root, relative);
  const found: string[] = [];
  for (const name of await fs.readdir(directory)) {
    if (SKIPPED.test(name)) continue;
    const child = relative === '' ? name : `${relative}/${name}`;
    if ((await fs.kind(joinProjectPath(root, child))) !== 'directory') continue;
    found.push(child, ...(await walk(fs, root, child, depth - 1)));
  }
  return found;
}

function clean(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}
