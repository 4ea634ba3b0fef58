import type { DetectFileSystem } from './file-system.js';
import { findPackageDependency } from './find-package-dependency.js';
import type { DetectorItem, FrameworkInfo } from './framework-catalog.js';
import {
  compileDetectorPattern,
  type DirectoryContext,
  importPattern,
  isPresent,
  nestedParents,
  possibleAlternatives,
  shapeOf,
  tracesImports,
} from './framework-gates.js';
import { lineAt } from './line-at.js';
import { listingOf } from './listing-file-system.js';
import { joinProjectPath, normalizeProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { normalizePythonName, readPythonManifests } from './read-python-manifest.js';
import { traceFrameworkImport } from './trace-framework-import.js';
import type { Evidence } from './types.js';

/** Reads what every detector of `directory` asks first: its listing and dependencies. */
export async function readDirectory(
  fs: DetectFileSystem,
  directory: string,
): Promise<DirectoryContext> {
  const listing = await listingOf(fs, directory);
  const dependencies = listing.has('package.json')
    ? dependencyNames(await readJsonFile(fs, joinProjectPath(directory, 'package.json')))
    : new Set<string>();
  return { directory, listing, nested: new Map(), dependencies, manifests: new Map() };
}

/** The names a parsed package.json declares in `dependencies` and `devDependencies`. */
export function dependencyNames(manifest: unknown): Set<string> {
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

/**
 * Evaluates every detector item of `framework` in the context's directory: whether the
 * framework matches (every `every` item and at least one `some` item), and the evidence
 * of each item that did. Presence is decided from the listings, loaded first, so that
 * only items whose file exists (a few of Hono's 35 conventional entry files) are read.
 */
export async function evaluateFramework(
  fs: DetectFileSystem,
  context: DirectoryContext,
  framework: FrameworkInfo,
): Promise<{ matched: boolean; evidence: Evidence[] }> {
  await loadNestedListings(fs, context, framework);
  const evidence: Evidence[] = [];
  let every = true;
  for (const item of framework.every) {
    const found = isPresent(item, context)
      ? await evaluateItem(fs, context, framework, item)
      : null;
    if (found) evidence.push(found);
    every &&= found !== null;
  }

  let some = framework.some.length === 0;
  for (const position of possibleAlternatives(framework, context)) {
    const item = framework.some[position] as DetectorItem;
    const found = isPresent(item, context)
      ? await evaluateItem(fs, context, framework, item)
      : null;
    if (found) evidence.push(found);
    some ||= found !== null;
  }
  if (every && !some && tracesImports(framework)) {
    const traced = await traceImport(fs, context, framework);
    if (traced) evidence.push(...traced);
    some = traced !== null;
  }
  return { matched: every && some, evidence };
}

/**
 * Reads the listings of the subdirectories `framework`'s nested paths need (`src` of
 * `src/index.ts`) into `context.nested`, each once per directory: a no-op for most.
 */
export async function loadNestedListings(
  fs: DetectFileSystem,
  context: DirectoryContext,
  framework: FrameworkInfo,
): Promise<void> {
  for (const { head, parent } of nestedParents(framework)) {
    if (parent === null || !context.listing.has(head) || context.nested.has(parent)) continue;
    context.nested.set(parent, await listingOf(fs, joinProjectPath(context.directory, parent)));
  }
}

/**
 * The evidence of one item whose package is a dependency or whose file exists, or `null`
 * when its content (or, for a Python manifest, the parsed dependency) does not match.
 */
export async function evaluateItem(
  fs: DetectFileSystem,
  context: DirectoryContext,
  framework: FrameworkInfo,
  item: DetectorItem,
): Promise<Evidence | null> {
  const { directory } = context;
  if (item.path !== null && PYTHON_MANIFESTS.has(item.path)) {
    const python = await evaluatePythonManifest(fs, directory, framework, item.path);
    if (python !== undefined) return python;
  }
  if (item.matchPackage) {
    const file =
      context.manifests.get(item.matchPackage) ?? joinProjectPath(directory, 'package.json');
    const dependency = await findPackageDependency(fs, file, item.matchPackage);
    if (!dependency) return null;
    const { line, text } = dependency;
    const rule = `package.json#${dependency.field}`;
    return { rule, file, line, endLine: line, matched: true, detail: shorten(text) };
  }
  if (!item.path) return null;

  const file = joinProjectPath(directory, item.path);
  if (!item.matchContent) {
    const detail = `${item.path} exists`;
    return { rule: 'file', file, line: null, endLine: null, matched: true, detail };
  }

  const text = await fs.readFile(file);
  const match = text === null ? null : compileDetectorPattern(item.matchContent).exec(text);
  if (text === null || !match) return null;
  const line = lineAt(text, match.index);
  const endLine = lineAt(text, match.index + Math.max(match[0].length - 1, 0));
  const detail = shorten(text.split('\n')[line - 1]?.trim() ?? match[0]);
  return { rule: 'content', file, line, endLine, matched: true, detail };
}

/** The manifests Vercel's Python detectors match with a regex over the raw text. */
const PYTHON_MANIFESTS = new Set(['requirements.txt', 'pyproject.toml', 'Pipfile']);

/**
 * A Python detector item on a manifest, answered from the parsed manifest instead of
 * Vercel's regex over its text (`[Ff]lask` matches `pytest-flask`, a comment, or a
 * `[tool.*]` table): the framework's own package must be a main dependency, by its
 * PEP 503 name; a pyproject.toml holding only tool settings is no manifest at all.
 * `undefined` for items this does not apply to.
 */
async function evaluatePythonManifest(
  fs: DetectFileSystem,
  directory: string,
  framework: FrameworkInfo,
  path: string,
): Promise<Evidence | null | undefined> {
  const file = joinProjectPath(directory, path);
  const manifests = await readPythonManifests(fs, directory);
  if (!manifests.files.includes(file)) return null;
  if (framework.runtime !== 'python') return undefined;
  if (framework.versionPackage === null) {
    return {
      rule: 'file',
      file,
      line: null,
      endLine: null,
      matched: true,
      detail: `${path} declares dependencies`,
    };
  }
  const name = normalizePythonName(framework.versionPackage);
  const found = manifests.requirements.find(
    (requirement) =>
      requirement.file === file && requirement.name === name && requirement.scope === 'main',
  );
  if (!found) return null;
  return {
    rule: `${path}#dependencies`,
    file,
    line: found.line,
    endLine: found.line,
    matched: true,
    detail: shorten(found.text),
  };
}

/**
 * The framework imported by a module that the service's entry (package.json `main`, or
 * a conventional file such as `server.js`) reaches through relative imports. Evidence:
 * the entry, then the importing line.
 */
export async function traceImport(
  fs: DetectFileSystem,
  context: DirectoryContext,
  framework: FrameworkInfo,
): Promise<Evidence[] | null> {
  const { directory, listing } = context;
  const pattern = importPattern(framework);
  if (!pattern) return null;
  const manifest = await readJsonFile(fs, joinProjectPath(directory, 'package.json'));
  const main = (manifest as { main?: unknown } | null)?.main;
  const relative = typeof main === 'string' ? normalizeProjectPath(main) : null;
  const conventional = framework.some
    .map((item) => item.path)
    .filter((path): path is string => path !== null && listing.has(shapeOf(path).head));
  const entries = [...(relative === null ? [] : [relative]), ...conventional].map((path) =>
    joinProjectPath(directory, path),
  );
  const found = await traceFrameworkImport(fs, entries, pattern);
  if (!found) return null;
  const via = found.chain.slice(1).join(' → ');
  return [
    {
      rule: 'entry',
      file: found.entry,
      line: null,
      endLine: null,
      matched: true,
      detail: `imports ${via}`,
    },
    {
      rule: 'import',
      file: found.file,
      line: found.line,
      endLine: found.line,
      matched: true,
      detail: shorten(found.text),
    },
  ];
}

/** Evidence details stay one readable line. */
export function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
