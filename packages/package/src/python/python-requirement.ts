import { satisfies, valid } from '@renovatebot/pep440';
import type { EnvironmentMarker } from 'pip-requirements-js';
import { parsePipRequirementsLine } from 'pip-requirements-js';

/** A PEP 508 requirement reduced to what packaging needs. */
export interface PythonRequirement {
  /** As written (`Flask`). */
  name: string;
  /** PEP 503 normalised (`flask`); distributions are matched on this. */
  key: string;
  /** Normalised extras (`uvicorn[standard]` → `['standard']`). */
  extras: string[];
  /** The version specifier as PEP 440 text (`>=1.0,<2`), `''` for any version. */
  specifier: string;
  marker: EnvironmentMarker | null;
  /** The requirement as written, for messages. */
  text: string;
}

/** PEP 503 normalisation: runs of `-`, `_`, `.` become one `-`, lower case. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * Parses one PEP 508 line (a `Requires-Dist` value or a requirements.txt requirement without
 * pip options); `null` for a blank or comment line. Throws the parser's error on bad syntax.
 */
export function parseRequirement(text: string): PythonRequirement | null {
  const parsed = parsePipRequirementsLine(text);
  if (parsed === null) return null;
  if (parsed.type !== 'ProjectName' && parsed.type !== 'ProjectURL') return null;
  const specifier =
    parsed.type === 'ProjectName'
      ? (parsed.versionSpec ?? []).map((spec) => `${spec.operator}${spec.version}`).join(',')
      : '';
  return {
    name: parsed.name,
    key: normalizeName(parsed.name),
    extras: (parsed.extras ?? []).map(normalizeName),
    specifier,
    marker: parsed.environmentMarkerTree ?? null,
    text: text.trim(),
  };
}

/** Whether `version` meets `specifier` (PEP 440); an unparsable version meets only `''`. */
export function meetsSpecifier(version: string, specifier: string): boolean {
  if (specifier === '') return true;
  try {
    return satisfies(version, specifier);
  } catch {
    return false;
  }
}

/**
 * Evaluates a PEP 508 marker against one interpreter's marker values, with `extra` set to
 * the extra being asked for (`''` for none). Version comparisons use PEP 440 where both
 * sides are versions, else Python's string comparison, as `packaging.markers` does.
 */
export function evaluateMarker(
  marker: EnvironmentMarker,
  values: Readonly<Record<string, string>>,
  extra: string,
): boolean {
  if ('left' in marker && (marker.operator === 'and' || marker.operator === 'or')) {
    const node = marker as {
      operator: 'and' | 'or';
      left: EnvironmentMarker;
      right: EnvironmentMarker;
    };
    const left = evaluateMarker(node.left, values, extra);
    if (node.operator === 'and') return left && evaluateMarker(node.right, values, extra);
    return left || evaluateMarker(node.right, values, extra);
  }

  const leaf = marker as { left: string; operator: string; right: string };
  const isExtra = leaf.left === 'extra' || leaf.right === 'extra';
  const resolveSide = (side: string): string => {
    if (/^(["']).*\1$/s.test(side)) return side.slice(1, -1);
    if (side === 'extra') return extra;
    return values[side] ?? '';
  };
  let left = resolveSide(leaf.left);
  let right = resolveSide(leaf.right);
  if (isExtra) {
    left = normalizeName(left);
    right = normalizeName(right);
  }
  return compare(left, leaf.operator, right);
}

function compare(left: string, operator: string, right: string): boolean {
  switch (operator) {
    case 'in':
      return right.includes(left);
    case 'not in':
      return !right.includes(left);
    case '===':
      return left === right;
  }
  if (valid(left) && valid(right)) {
    try {
      return satisfies(left, `${operator}${right}`);
    } catch {
      // Not a valid specifier after all (`~=3`): fall through to string comparison.
    }
  }
  switch (operator) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    default:
      return false;
  }
}
