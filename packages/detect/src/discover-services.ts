import picomatch from 'picomatch';
import { problem } from './errors.js';
import type { DetectFileSystem } from './file-system.js';
import { FRAMEWORKS } from './framework-catalog.js';
import { listingOf } from './listing-file-system.js';
import { joinProjectPath } from './project-path.js';
import { readWorkspacePatterns } from './read-workspace-patterns.js';
import { selectFramework } from './select-framework.js';
import type { Evidence, Problem } from './types.js';

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
 * `/`, other frontends `/<name>`, and backends `/api/<name>` (a backend named `api`
 * gets `/api` itself, not `/api/api`).
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

/**
 * The warning that services were found rather than declared: whether there is a
 * vercel.json at all (`configFile` is `null` when there is none, and so is the warning's
 * `file`), and which rule found each service (a workspace file, a conventional folder).
 */
export function inferredServicesNotice(
  services: readonly DiscoveredService[],
  configFile: string | null,
): Problem {
  // Conventional folders (`web`, `apps/*`, …) are one rule, named by the folders matched.
  const byRule = new Map<string, { named: string[]; folders: Set<string> }>();
  for (const service of services) {
    const rule = service.evidence[0]?.rule ?? 'project root';
    const key = Object.hasOwn(RULE_WORDS, rule) ? rule : CONVENTIONAL_RULE;
    const group = byRule.get(key) ?? { named: [], folders: new Set<string>() };
    group.named.push(`${service.name} (${service.entrypoint})`);
    group.folders.add(rule);
    byRule.set(key, group);
  }
  const found = [...byRule]
    .map(([rule, { named, folders }]) => {
      const words =
        RULE_WORDS[rule] ??
        `the conventional folder${folders.size === 1 ? '' : 's'} ${[...folders].join(', ')}`;
      return `${named.join(', ')} by ${words}`;
    })
    .join('; ');
  const them = services.length === 1 ? 'it' : 'them';
  const count = `${services.length} service${services.length === 1 ? '' : 's'}`;
  const lead =
    configFile === null ? 'There is no vercel.json' : `No services are declared in ${configFile}`;
  return problem('DETECT_SERVICES_INFERRED', `${lead}; found ${count}: ${found}.`, {
    file: configFile,
    value: Object.fromEntries(services.map((service) => [service.name, service.entrypoint])),
    hint:
      configFile === null
        ? `Run \`svcpack detect --write-config\` to create vercel.json with ${them} as experimentalServices.`
        : `Run \`svcpack detect --write-config\` to write ${them} into ${configFile} as experimentalServices.`,
  });
}

/** The key under which the conventional folders are grouped. */
const CONVENTIONAL_RULE = 'conventional folders';

/** The rules that list service directories, in words. */
const RULE_WORDS: Record<string, string> = {
  'package.json#workspaces': 'the npm workspaces of package.json',
  'pnpm-workspace.yaml#packages': 'the packages of pnpm-workspace.yaml',
  'pyproject.toml#tool.uv.workspace': 'the uv workspace members of pyproject.toml',
  'go.work#use': 'the use list of go.work',
  'project root': 'the project root itself',
};

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
      routePrefix =
        service.name === root ? '/' : service.name === 'api' ? '/api' : `/api/${service.name}`;
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
