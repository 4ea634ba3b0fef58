import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import { findPackageDependency } from './find-package-dependency.js';
import type { DetectorItem, FrameworkInfo } from './framework-catalog.js';
import { createLineIndex } from './line-index.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { ACCURACIES, type Evidence, type FrameworkCandidate } from './types.js';

/** Files whose content declares dependencies: a match there is as strong as `matchPackage`. */
const MANIFESTS = new Set([
  'package.json',
  'requirements.txt',
  'pyproject.toml',
  'Pipfile',
  'Cargo.toml',
  'go.mod',
  'Gemfile',
]);

/**
 * Evaluates the `@vercel/frameworks` detectors of `frameworks` in `directory` (every
 * `every` item and at least one `some` item must match) and returns the matches, each
 * with the evidence that matched. A match superseded by another (fastapi supersedes
 * python) is dropped. Sorted by accuracy, strongest first, then slug.
 */
export async function detectFrameworks(
  fs: DetectFileSystem,
  directory: string,
  frameworks: readonly FrameworkInfo[],
): Promise<FrameworkCandidate[]> {
  const matches: FrameworkCandidate[] = [];
  const listing = new Set(await fs.readdir(directory));
  const dependencies = listing.has('package.json')
    ? dependencyNames(await readJsonFile(fs, joinProjectPath(directory, 'package.json')))
    : new Set<string>();
  for (const framework of frameworks) {
    if (!mayMatch(framework, listing, dependencies)) continue;
    const { matched, evidence } = await evaluateDetectors(fs, directory, framework);
    if (matched) matches.push({ slug: framework.slug, accuracy: accuracyOf(evidence), evidence });
  }

  const superseded = new Set(
    matches.flatMap(
      (match) => frameworks.find((item) => item.slug === match.slug)?.supersedes ?? [],
    ),
  );
  return matches
    .filter((match) => !superseded.has(match.slug))
    .sort(
      (a, b) =>
        ACCURACIES.indexOf(a.accuracy) - ACCURACIES.indexOf(b.accuracy) ||
        (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0),
    );
}

/**
 * Evaluates every detector item of `framework` in `directory`: whether the framework
 * matches, and the evidence of each item that did. Also used for a pinned framework,
 * to show what backs the pin even where the detector as a whole fails.
 */
export async function evaluateDetectors(
  fs: DetectFileSystem,
  directory: string,
  framework: FrameworkInfo,
): Promise<{ matched: boolean; evidence: Evidence[] }> {
  const evidence: Evidence[] = [];
  let every = true;
  for (const item of framework.every) {
    const found = await evaluateItem(fs, directory, item);
    if (found) evidence.push(found);
    every &&= found !== null;
  }

  let some = framework.some.length === 0;
  for (const item of framework.some) {
    const found = await evaluateItem(fs, directory, item);
    if (found) evidence.push(found);
    some ||= found !== null;
  }
  return { matched: every && some, evidence };
}

/**
 * Whether `framework` can match at all, judged from the directory's listing and its
 * package.json dependencies alone: an `every` item whose file (or whose first directory)
 * is not listed, or whose package is not a dependency, rules it out, and so do `some`
 * items that all fail that way. This needs no further read, and rules out all but a few
 * of the ~75 presets for each service; the rest are evaluated in full.
 */
function mayMatch(
  framework: FrameworkInfo,
  listing: ReadonlySet<string>,
  dependencies: ReadonlySet<string>,
): boolean {
  const possible = (item: DetectorItem) =>
    item.matchPackage
      ? dependencies.has(item.matchPackage)
      : item.path !== null && listing.has(item.path.split('/')[0] as string);
  return (
    framework.every.every(possible) &&
    (framework.some.length === 0 || framework.some.some(possible))
  );
}

/** The names in `dependencies` and `devDependencies`, the fields `matchPackage` reads. */
function dependencyNames(manifest: unknown): Set<string> {
  const names = new Set<string>();
  if (typeof manifest !== 'object' || manifest === null) return names;
  for (const field of ['dependencies', 'devDependencies'] as const) {
    const table = (manifest as Record<string, unknown>)[field];
    if (typeof table === 'object' && table !== null) {
      for (const name of Object.keys(table)) names.add(name);
    }
  }
  return names;
}

async function evaluateItem(
  fs: DetectFileSystem,
  directory: string,
  item: DetectorItem,
): Promise<Evidence | null> {
  if (item.matchPackage) {
    const file = joinProjectPath(directory, 'package.json');
    const dependency = await findPackageDependency(fs, file, item.matchPackage);
    if (!dependency) return null;
    const { line, text } = dependency;
    const rule = `package.json#${dependency.field}`;
    return { rule, file, line, endLine: line, matched: true, detail: text };
  }
  if (!item.path) return null;

  const file = joinProjectPath(directory, item.path);
  if (!(await isListed(fs, file))) return null;
  if (!item.matchContent) {
    const detail = `${item.path} exists`;
    return { rule: 'file', file, line: null, endLine: null, matched: true, detail };
  }

  const text = await fs.readFile(file);
  const match = text === null ? null : compile(item.matchContent).exec(text);
  if (text === null || !match) return null;
  const position = createLineIndex(text);
  const line = position(match.index).line;
  const endLine = position(match.index + Math.max(match[0].length - 1, 0)).line;
  const detail = shorten(text.split('\n')[line - 1]?.trim() ?? match[0]);
  return { rule: 'content', file, line, endLine, matched: true, detail };
}

/** A matched dependency declaration is `dependency`; a match on config files only, `config`. */
function accuracyOf(evidence: readonly Evidence[]): FrameworkCandidate['accuracy'] {
  const declared = evidence.some(
    (item) =>
      item.rule.startsWith('package.json#') ||
      (item.rule === 'content' && MANIFESTS.has(item.file?.split('/').pop() ?? '')),
  );
  return declared ? 'dependency' : 'config';
}

/**
 * Whether `file` is listed in its directory. Detectors probe dozens of paths per
 * framework; one cached `readdir` per directory answers them all without a failed
 * `open` or `stat` each.
 */
async function isListed(fs: DetectFileSystem, file: string): Promise<boolean> {
  const names = await fs.readdir(posix.dirname(file));
  return names.includes(posix.basename(file));
}

const patterns = new Map<string, RegExp>();

/** Detector regexes apply to the whole file with `^`/`$` at line ends, as Vercel's do. */
function compile(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = new RegExp(source, 'm');
    patterns.set(source, pattern);
  }
  return pattern;
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
