import type { PythonRequirement } from './python-requirement.js';
import {
  evaluateMarker,
  meetsSpecifier,
  normalizeName,
  parseRequirement,
} from './python-requirement.js';
import type { InstalledDistribution, InterpreterReport } from './query-interpreter.js';

/** A requirement no installed distribution meets. */
export interface UnmetRequirement {
  requirement: PythonRequirement;
  /** The distribution that asked for it, or `null` for a declared requirement. */
  requiredBy: string | null;
  /** The version installed when only the version is wrong, else `null` (not installed). */
  installed: string | null;
}

/** The distributions a service needs from one interpreter. */
export interface ClosureResult {
  /** Sorted by normalised name. */
  distributions: InstalledDistribution[];
  unmet: UnmetRequirement[];
}

/**
 * Computes the requirement closure of `declared` in one interpreter: each requirement whose
 * marker holds there (with the extras asked for), then what its distribution requires, down
 * to the leaves. A declared requirement must also meet its version specifier; for transitive
 * ones only presence counts, since distributions such as Debian's patch their pins and the
 * installer already judged them.
 */
export function resolveClosure(
  report: InterpreterReport,
  declared: readonly PythonRequirement[],
): ClosureResult {
  const byKey = new Map(report.distributions.map((dist) => [normalizeName(dist.name), dist]));
  const extrasSeen = new Map<string, Set<string>>();
  const unmet: UnmetRequirement[] = [];
  const queue: { requirement: PythonRequirement; requiredBy: string | null }[] = [];

  for (const requirement of declared) {
    if (requirement.marker && !evaluateMarker(requirement.marker, report.markers, '')) continue;
    queue.push({ requirement, requiredBy: null });
  }

  for (let item = queue.shift(); item; item = queue.shift()) {
    const { requirement, requiredBy } = item;
    const dist = byKey.get(requirement.key);
    if (!dist) {
      if (!unmet.some((u) => u.requirement.key === requirement.key)) {
        unmet.push({ requirement, requiredBy, installed: null });
      }
      continue;
    }
    if (requiredBy === null && !meetsSpecifier(dist.version, requirement.specifier)) {
      unmet.push({ requirement, requiredBy, installed: dist.version });
    }

    const seen = extrasSeen.get(requirement.key);
    const wanted = ['', ...requirement.extras].filter((extra) => !seen?.has(extra));
    if (wanted.length === 0) continue;
    extrasSeen.set(requirement.key, new Set([...(seen ?? []), ...wanted]));

    for (const dependency of dependenciesOf(dist)) {
      const { marker } = dependency;
      const applies = marker
        ? wanted.some((extra) => evaluateMarker(marker, report.markers, extra))
        : wanted.includes('');
      if (applies) queue.push({ requirement: dependency, requiredBy: dist.name });
    }
  }

  const distributions = [...extrasSeen.keys()]
    .sort()
    .map((key) => byKey.get(key))
    .filter((dist): dist is InstalledDistribution => dist !== undefined);
  return { distributions, unmet };
}

const parsedRequires = new WeakMap<InstalledDistribution, PythonRequirement[]>();

/** The parsed `Requires-Dist` of a distribution; lines that do not parse are skipped. */
function dependenciesOf(dist: InstalledDistribution): PythonRequirement[] {
  let parsed = parsedRequires.get(dist);
  if (!parsed) {
    parsed = [];
    for (const line of dist.requires) {
      try {
        const requirement = parseRequirement(line);
        if (requirement) parsed.push(requirement);
      } catch {
        // Metadata written by old tools can hold lines no PEP 508 parser takes
        // (`foo (>=1.0-beta)`); pip skips those too.
      }
    }
    parsedRequires.set(dist, parsed);
  }
  return parsed;
}
