import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SiteListings } from './collect-vendor-files.js';
import { distributionFiles } from './collect-vendor-files.js';
import type { PythonRequirement } from './python-requirement.js';
import { normalizeName } from './python-requirement.js';
import type { InstalledDistribution, InterpreterReport } from './query-interpreter.js';
import type { ClosureResult } from './resolve-closure.js';
import { resolveClosure } from './resolve-closure.js';

/** A distribution added because a system-installed one imports it without declaring it. */
export interface UndeclaredImport {
  dist: InstalledDistribution;
  module: string;
  importedBy: string;
}

/** The closure completed by {@link addUndeclaredImports}. */
export interface CompletedClosure {
  closure: ClosureResult;
  added: UndeclaredImport[];
}

/** Rounds of scanning before giving up; each round can only add distributions. */
const MAX_ROUNDS = 8;

/**
 * Completes a closure with what system-installed distributions import but do not declare.
 * Debian's packages (no `INSTALLER` file) state their dependencies to dpkg, not always in
 * their Python metadata: `python3-pydantic` 1.10 imports `typing_extensions` and declares
 * nothing. The unconditional imports of those distributions' files (`import` statements at
 * the start of a line: not in a `try`, an `if` or a function, where optional imports live)
 * are read, and each top-level module that an installed distribution provides (and the
 * standard library does not) brings that distribution in, with its own requirements.
 * Distributions installed by pip or uv are trusted as they are.
 */
export async function addUndeclaredImports(
  report: InterpreterReport,
  declared: readonly PythonRequirement[],
  closure: ClosureResult,
): Promise<CompletedClosure> {
  const owners = moduleOwners(report);
  const stdlib = new Set(report.stdlibModules);
  const listings: SiteListings = new Map();
  const scanned = new Set<string>();
  const added: UndeclaredImport[] = [];
  let current = closure;

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const included = new Set(current.distributions.map((dist) => normalizeName(dist.name)));
    const found: UndeclaredImport[] = [];
    for (const dist of current.distributions) {
      const key = normalizeName(dist.name);
      if (dist.installer !== null || scanned.has(key)) continue;
      scanned.add(key);
      for (const module of await importedModules(dist, listings)) {
        const owner = owners.get(module);
        if (!owner || stdlib.has(module) || included.has(normalizeName(owner.name))) continue;
        included.add(normalizeName(owner.name));
        found.push({ dist: owner, module, importedBy: dist.name });
      }
    }
    if (found.length === 0) break;
    added.push(...found);
    current = resolveClosure(report, [...declared, ...added.map(({ dist }) => byName(dist))]);
  }
  return { closure: current, added };
}

/** Top-level module name → the distribution that installs it (first on `sys.path` wins). */
export function moduleOwners(report: InterpreterReport): Map<string, InstalledDistribution> {
  const owners = new Map<string, InstalledDistribution>();
  for (const dist of report.distributions) {
    for (const top of topLevelNames(dist)) if (!owners.has(top)) owners.set(top, dist);
  }
  return owners;
}

/** The top-level modules and packages a distribution installs, from its file list. */
export function topLevelNames(dist: InstalledDistribution): string[] {
  const names = dist.files ? dist.files.map(topLevelOf) : (dist.topLevel ?? []);
  return names.flatMap((name) => name?.split('/')[0] || []);
}

/** The importable top-level name of an installed path, or `null` (metadata, scripts). */
function topLevelOf(path: string): string | null {
  const [first, ...rest] = path.split('/');
  if (!first || first === '..' || /\.(dist-info|egg-info|data)$/.test(first)) return null;
  if (rest.length > 0) return first;
  const module = /^([A-Za-z_]\w*)(?:\.py|(?:\.[\w-]+)?\.so)$/.exec(first);
  return module?.[1] ?? null;
}

/** Top-level names a distribution's `.py` files import unconditionally, by absolute imports. */
async function importedModules(
  dist: InstalledDistribution,
  listings: SiteListings,
): Promise<Set<string>> {
  const modules = new Set<string>();
  for (const path of await distributionFiles(dist, listings)) {
    if (!path.endsWith('.py') || path.startsWith('../')) continue;
    const text = await readFile(join(dist.location, path), 'utf8').catch(() => '');
    for (const match of text.matchAll(
      /^(?:from[ \t]+([A-Za-z_]\w*)[\w.]*[ \t]+import\b|import[ \t]+([^\n#;]+))/gm,
    )) {
      if (match[1]) modules.add(match[1]);
      for (const part of match[2]?.split(',') ?? []) {
        const name = /^\s*([A-Za-z_]\w*)/.exec(part)?.[1];
        if (name) modules.add(name);
      }
    }
  }
  return modules;
}

function byName(dist: InstalledDistribution): PythonRequirement {
  return {
    name: dist.name,
    key: normalizeName(dist.name),
    extras: [],
    specifier: '',
    marker: null,
    text: dist.name,
  };
}
