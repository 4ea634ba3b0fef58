import picomatch from 'picomatch';
import type { DetectFileSystem } from './file-system.js';
import { FRAMEWORKS } from './framework-catalog.js';
import { listingOf } from './listing-file-system.js';
import { joinProjectPath } from './project-path.js';
import { readWorkspacePatterns } from './read-workspace-patterns.js';
import { selectFramework } from './select-framework.js';
import type { Evidence } from './types.js';

/** A service found without config: where it is, what it is, and why it was proposed. */
export interface DiscoveredService {
  name: string;
  entrypoint: string;
  routePrefix: string;
  framework: string;
  /** How the directory was found (`package.json#workspaces`, `go.work`, `apps/*`, …). */
  evidence: Evidence[];
}

/** The folders services conventionally live in when no workspace file lists them. */
const CONVENTIONAL = ['apps/*', 'services/*', 'frontend', 'backend', 'web', 'api', 'server'];

/** Directories never searched: dependencies, build output, tool state. */
const SKIPPED = /^(?:node_modules|\..*|dist|build|out|target|vendor|__pycache__|venv)$/;

/**
 * Finds the services of a project whose config declares none (SPEC §2 `detect`,
 * `--write-config`): the packages its workspace files list (package.json
 * `workspaces`, pnpm-workspace.yaml `packages`, `[tool.uv.workspace] members`, go.work
 * `use`), else the conventional folders, else the root itself. A directory is a service
 * when exactly one framework is detected in it; a library is not. Names are the
 * directories' own; the one frontend (the first by name if there are several) gets
 * `/`, other frontends `/<name>`, and backends `/api/<name>`.
 */
export async function discoverServices(fs: DetectFileSystem): Promise<DiscoveredService[]> {
  const listed = await workspaceDirectories(fs);
  const searched = listed.length > 0 ? listed : await conventionalDirectories(fs);
  const candidates = searched.length > 0 ? searched : [{ directory: '.', rule: 'project root' }];

  const found: Omit<DiscoveredService, 'name' | 'routePrefix'>[] = [];
  for (const { directory, rule } of candidates) {
    const selection = await selectFramework(fs, {
      workspace: directory,
      entryKind: 'directory',
      runtime: null,
      pinned: null,
    });
    // A framework only a parent package.json declares does not make a library a service.
    if (!selection.framework || selection.candidates[0]?.accuracy === 'hoisted') continue;
    const source: Evidence = {
      rule,
      file: rule.includes('#') || rule.includes('.') ? (rule.split('#')[0] ?? null) : null,
      line: null,
      endLine: null,
      matched: true,
      detail: `${directory} is listed by ${rule}`,
    };
    found.push({
      entrypoint: directory,
      framework: selection.framework.slug,
      evidence: [source, ...(selection.candidates[0]?.evidence ?? [])],
    });
  }
  return name(found);
}

interface Candidate {
  directory: string;
  rule: string;
}

async function workspaceDirectories(fs: DetectFileSystem): Promise<Candidate[]> {
  return expand(fs, await readWorkspacePatterns(fs, '.'));
}

async function conventionalDirectories(fs: DetectFileSystem): Promise<Candidate[]> {
  return expand(
    fs,
    CONVENTIONAL.map((glob) => ({ glob, rule: glob })),
  );
}

/**
 * The directories (up to three levels down) that match each pattern, in pattern order,
 * each once. `!pattern` excludes, as in npm and pnpm workspaces.
 */
async function expand(
  fs: DetectFileSystem,
  patterns: readonly { glob: string; rule: string }[],
): Promise<Candidate[]> {
  const directories = await walk(fs, '.', 3);
  const excluded = patterns
    .filter((pattern) => pattern.glob.startsWith('!'))
    .map((pattern) => picomatch(clean(pattern.glob.slice(1))));
  const found = new Map<string, string>();
  for (const { glob, rule } of patterns) {
    if (glob.startsWith('!')) continue;
    const matches = picomatch(clean(glob));
    for (const directory of directories) {
      if (matches(directory) && !excluded.some((exclude) => exclude(directory))) {
        if (!found.has(directory)) found.set(directory, rule);
      }
    }
  }
  return [...found].map(([directory, rule]) => ({ directory, rule }));
}

function clean(glob: string): string {
  return glob.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
}

async function walk(fs: DetectFileSystem, directory: string, depth: number): Promise<string[]> {
  if (depth === 0) return [];
  const found: string[] = [];
  for (const name of [...(await listingOf(fs, directory))].sort()) {
    if (SKIPPED.test(name)) continue;
    const path = joinProjectPath(directory, name);
    if ((await fs.kind(path)) !== 'directory') continue;
    found.push(path, ...(await walk(fs, path, depth - 1)));
  }
  return found;
}

/** Names from directories, made unique and valid (SPEC §1.1); prefixes by kind. */
function name(found: Omit<DiscoveredService, 'name' | 'routePrefix'>[]): DiscoveredService[] {
  const used = new Set<string>();
  const named = found.map((service) => {
    const parts = service.entrypoint === '.' ? ['app'] : service.entrypoint.split('/');
    let candidate = serviceName(parts[parts.length - 1] ?? 'app');
    for (let index = parts.length - 2; used.has(candidate) && index >= 0; index--) {
      candidate = serviceName(`${parts[index]}-${candidate}`);
    }
    for (let suffix = 2; used.has(candidate); suffix++) candidate = `${candidate}-${suffix}`;
    used.add(candidate);
    return { ...service, name: candidate };
  });
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const isBackend = (slug: string) =>
    FRAMEWORKS.find((framework) => framework.slug === slug)?.backend ?? false;
  let root = named.some((service) => !isBackend(service.framework))
    ? null
    : named.length === 1
      ? named[0]?.name
      : null;
  return named.map((service) => {
    let routePrefix: string;
    if (isBackend(service.framework)) {
      routePrefix = service.name === root ? '/' : `/api/${service.name}`;
    } else if (root === null) {
      root = service.name;
      routePrefix = '/';
    } else {
      routePrefix = `/${service.name}`;
    }
    return { ...service, routePrefix };
  });
}

/** A directory name as a service name: a letter first, then letters, digits, `-`, `_`. */
function serviceName(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/[-_]+$/, '')
    .slice(0, 64);
  return cleaned === '' ? 'app' : cleaned;
}
