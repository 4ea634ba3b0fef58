import type { DetectFileSystem } from './file-system.js';
import { findPackageDependency } from './find-package-dependency.js';
import { type DetectorItem, type FrameworkInfo, findFramework } from './framework-catalog.js';
import { lineAt } from './line-at.js';
import { listingOf } from './listing-file-system.js';
import { ancestorDirectories, joinProjectPath, normalizeProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { normalizePythonName, readPythonManifests } from './read-python-manifest.js';
import { traceFrameworkImport } from './trace-framework-import.js';
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
 * python), directly or through a chain, is dropped. When nothing matches, frameworks
 * declared by a package.json between `directory` and `boundary` are tried as `hoisted`.
 * Sorted by accuracy, strongest first, then slug.
 */
export async function detectFrameworks(
  fs: DetectFileSystem,
  directory: string,
  frameworks: readonly FrameworkInfo[],
  boundary = '.',
): Promise<FrameworkCandidate[]> {
  const context = await readDirectory(fs, directory);
  const matches: FrameworkCandidate[] = [];
  for (const framework of gatedFrameworks(frameworks, context)) {
    if (!mayMatch(framework, context)) continue;
    const { matched, evidence } = await evaluate(fs, context, framework);
    if (matched) {
      matches.push({ slug: framework.slug, accuracy: accuracyOf(framework, evidence), evidence });
    }
  }
  if (matches.length === 0) {
    matches.push(...(await detectHoisted(fs, context, frameworks, boundary)));
  }

  const superseded = supersededBy(matches, frameworks);
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
  return evaluate(fs, await readDirectory(fs, directory), framework);
}

/** What every detector of one directory needs first: its listing and its dependencies. */
interface DirectoryContext {
  directory: string;
  listing: ReadonlySet<string>;
  /** Names in package.json `dependencies` and `devDependencies`, the fields `matchPackage` reads. */
  dependencies: ReadonlySet<string>;
  /** For `hoisted` evaluation: the package.json above that declares each inherited name. */
  manifests: ReadonlyMap<string, string>;
}

async function readDirectory(fs: DetectFileSystem, directory: string): Promise<DirectoryContext> {
  const listing = await listingOf(fs, directory);
  const dependencies = listing.has('package.json')
    ? dependencyNames(await readJsonFile(fs, joinProjectPath(directory, 'package.json')))
    : new Set<string>();
  return { directory, listing, dependencies, manifests: new Map() };
}

/**
 * Candidates of accuracy `hoisted`, for a directory where nothing matched: a framework
 * whose packages are declared only by a package.json above it (a monorepo root that
 * installs express for every service). Its other items (the entry importing express)
 * must still match in the directory itself. The nearest declaring package.json is the
 * evidence.
 */
async function detectHoisted(
  fs: DetectFileSystem,
  context: DirectoryContext,
  frameworks: readonly FrameworkInfo[],
  boundary: string,
): Promise<FrameworkCandidate[]> {
  const manifests = new Map<string, string>();
  // Not above the service's `root`: what lies outside it is not the service's project.
  for (const directory of ancestorDirectories(context.directory, boundary).slice(1)) {
    const file = joinProjectPath(directory, 'package.json');
    if (!(await listingOf(fs, directory)).has('package.json')) continue;
    for (const name of dependencyNames(await readJsonFile(fs, file))) {
      if (!manifests.has(name) && !context.dependencies.has(name)) manifests.set(name, file);
    }
  }
  if (manifests.size === 0) return [];

  const inherited: DirectoryContext = {
    ...context,
    dependencies: new Set([...context.dependencies, ...manifests.keys()]),
    manifests,
  };
  const found: FrameworkCandidate[] = [];
  for (const framework of frameworks) {
    const packages = [...framework.every, ...framework.some].filter((item) => item.matchPackage);
    if (packages.length === 0 || !mayMatch(framework, inherited)) continue;
    const { matched, evidence } = await evaluate(fs, inherited, framework);
    if (matched) found.push({ slug: framework.slug, accuracy: 'hoisted', evidence });
  }
  return found;
}

async function evaluate(
  fs: DetectFileSystem,
  context: DirectoryContext,
  framework: FrameworkInfo,
): Promise<{ matched: boolean; evidence: Evidence[] }> {
  const evidence: Evidence[] = [];
  let every = true;
  for (const item of framework.every) {
    const found = isPossible(item, context)
      ? await evaluateItem(fs, context, framework, item)
      : null;
    if (found) evidence.push(found);
    every &&= found !== null;
  }

  let some = framework.some.length === 0;
  for (const item of framework.some) {
    const found = isPossible(item, context)
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
 * Whether `framework` can match at all, judged from the directory's listing and its
 * package.json dependencies alone: an `every` item whose file (or whose first directory)
 * is not listed, or whose package is not a dependency, rules it out, and so do `some`
 * items that all fail that way. This needs no further read, and rules out all but a few
 * of the ~75 presets for each service; the rest are evaluated in full.
 */
function mayMatch(framework: FrameworkInfo, context: DirectoryContext): boolean {
  return (
    framework.every.every((item) => isPossible(item, context)) &&
    (framework.some.length === 0 ||
      framework.some.some((item) => isPossible(item, context)) ||
      tracesImports(framework))
  );
}

/**
 * The frameworks of `frameworks` that {@link mayMatch} can accept in `context`, in their
 * order: those whose first `every` item, or one of whose `some` items, names a listed
 * entry or a dependency of the directory, and those it cannot rule out that way (a Node
 * backend with only `some` items is also confirmed by a traced import). Looking up the
 * directory's few names in an index built once per list spares testing ~75 presets per
 * service.
 */
function gatedFrameworks(
  frameworks: readonly FrameworkInfo[],
  context: DirectoryContext,
): readonly FrameworkInfo[] {
  let index = gateIndexes.get(frameworks);
  if (!index) {
    index = indexGates(frameworks);
    gateIndexes.set(frameworks, index);
  }
  const positions = new Set(index.always);
  for (const [names, byName] of [
    [context.listing, index.byFile],
    [context.dependencies, index.byPackage],
  ] as const) {
    for (const name of names) {
      for (const position of byName.get(name) ?? []) positions.add(position);
    }
  }
  return [...positions]
    .sort((a, b) => a - b)
    .map((position) => frameworks[position] as FrameworkInfo);
}

/** Positions in a framework list by the name that gates them, and those no name gates. */
interface GateIndex {
  byFile: Map<string, number[]>;
  byPackage: Map<string, number[]>;
  always: number[];
}

const gateIndexes = new WeakMap<readonly FrameworkInfo[], GateIndex>();

function indexGates(frameworks: readonly FrameworkInfo[]): GateIndex {
  const index: GateIndex = { byFile: new Map(), byPackage: new Map(), always: [] };
  const add = (item: DetectorItem, position: number) => {
    const [byName, name] =
      item.matchPackage !== null
        ? [index.byPackage, item.matchPackage]
        : [index.byFile, item.path === null ? null : shapeOf(item.path).head];
    // An item with neither a package nor a path is never possible: nothing to index.
    if (name === null) return;
    const list = byName.get(name) ?? [];
    if (list[list.length - 1] !== position) list.push(position);
    byName.set(name, list);
  };
  for (const [position, framework] of frameworks.entries()) {
    const [first] = framework.every;
    if (first) add(first, position);
    else if (framework.some.length === 0 || tracesImports(framework)) index.always.push(position);
    else for (const item of framework.some) add(item, position);
  }
  return index;
}

/** Node backends are confirmed by an import of the framework, which may be a few files in. */
function tracesImports(framework: FrameworkInfo): boolean {
  return framework.backend && framework.runtime === 'node' && importPattern(framework) !== null;
}

function importPattern(framework: FrameworkInfo): RegExp | null {
  const source = framework.some.find((item) => item.matchContent !== null)?.matchContent;
  return source ? compile(source) : null;
}

/**
 * The framework imported by a module that the service's entry (package.json `main`, or
 * a conventional file such as `server.js`) reaches through relative imports. Evidence:
 * the entry, then the importing line.
 */
async function traceImport(
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

function isPossible(item: DetectorItem, context: DirectoryContext): boolean {
  if (item.matchPackage !== null) return context.dependencies.has(item.matchPackage);
  return item.path !== null && context.listing.has(shapeOf(item.path).head);
}

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
    return { rule, file, line, endLine: line, matched: true, detail: text };
  }
  if (!item.path) return null;

  const file = joinProjectPath(directory, item.path);
  const { parent, base } = shapeOf(item.path);
  if (parent !== null && !(await fs.readdir(joinProjectPath(directory, parent))).includes(base)) {
    return null;
  }
  if (!item.matchContent) {
    const detail = `${item.path} exists`;
    return { rule: 'file', file, line: null, endLine: null, matched: true, detail };
  }

  const text = await fs.readFile(file);
  const match = text === null ? null : compile(item.matchContent).exec(text);
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
 * The slugs that a match supersedes, following chains: if remix supersedes vite and vite
 * superseded something, both go.
 */
function supersededBy(
  matches: readonly FrameworkCandidate[],
  frameworks: readonly FrameworkInfo[],
): Set<string> {
  const superseded = new Set<string>();
  const find = (slug: string) =>
    findFramework(slug) ?? frameworks.find((framework) => framework.slug === slug);
  const pending = matches.flatMap((match) => find(match.slug)?.supersedes ?? []);
  for (let slug = pending.pop(); slug !== undefined; slug = pending.pop()) {
    if (superseded.has(slug)) continue;
    superseded.add(slug);
    pending.push(...(find(slug)?.supersedes ?? []));
  }
  return superseded;
}

/**
 * A matched dependency declaration is `dependency`; a match on config files only,
 * `config`. A server framework declared only in devDependencies counts as `config`
 * too: a frontend's build tools live there normally, but a backend's framework must be
 * installed in production, so a dev-only one is usually a test helper or a mock server.
 */
function accuracyOf(
  framework: FrameworkInfo,
  evidence: readonly Evidence[],
): FrameworkCandidate['accuracy'] {
  const declared = evidence.filter(
    (item) =>
      item.rule.startsWith('package.json#') ||
      /^(requirements\.txt|pyproject\.toml|Pipfile)#/.test(item.rule) ||
      (item.rule === 'content' && MANIFESTS.has(item.file?.split('/').pop() ?? '')),
  );
  if (declared.length === 0) return 'config';
  const devOnly = declared.every((item) => item.rule === 'package.json#devDependencies');
  return framework.backend && devOnly ? 'config' : 'dependency';
}

interface PathShape {
  /** The first segment, which the directory's own listing must hold. */
  head: string;
  /** The directory part for a nested path (`src` of `src/index.js`), else `null`. */
  parent: string | null;
  base: string;
}

const shapes = new Map<string, PathShape>();

/** Detector paths split once per run, not once per service. */
function shapeOf(path: string): PathShape {
  let shape = shapes.get(path);
  if (!shape) {
    const slash = path.lastIndexOf('/');
    shape = {
      head: path.split('/')[0] as string,
      parent: slash < 0 ? null : path.slice(0, slash),
      base: path.slice(slash + 1),
    };
    shapes.set(path, shape);
  }
  return shape;
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

/** Every rule of one framework evaluated in a directory, for `svcpack detect --explain`. */
export interface FrameworkExplanation {
  slug: string;
  /** Every `every` item and at least one `some` item matched. */
  matched: boolean;
  /** Matched, but another match supersedes it (python under fastapi). */
  superseded: boolean;
  /** Each item with its outcome; unmatched ones say why in `detail`. */
  rules: Evidence[];
}

/**
 * Evaluates every detector item of every framework in `directory`, matched or not, and
 * says why each failed: the long form behind {@link detectFrameworks}, which stops
 * looking at a framework as soon as it cannot match. Sorted: matched first, then slug.
 */
export async function explainFrameworks(
  fs: DetectFileSystem,
  directory: string,
  frameworks: readonly FrameworkInfo[],
): Promise<FrameworkExplanation[]> {
  const context = await readDirectory(fs, directory);
  const explained: FrameworkExplanation[] = [];
  for (const framework of frameworks) {
    const rules: Evidence[] = [];
    let every = true;
    for (const item of framework.every) {
      const found = isPossible(item, context)
        ? await evaluateItem(fs, context, framework, item)
        : null;
      rules.push(found ?? (await unmatched(fs, context, item, 'every')));
      every &&= found !== null;
    }
    let some = framework.some.length === 0;
    for (const item of framework.some) {
      const found = isPossible(item, context)
        ? await evaluateItem(fs, context, framework, item)
        : null;
      rules.push(found ?? (await unmatched(fs, context, item, 'some')));
      some ||= found !== null;
    }
    if (every && !some && tracesImports(framework)) {
      const traced = await traceImport(fs, context, framework);
      rules.push(
        ...(traced ?? [
          {
            rule: 'import',
            file: null,
            line: null,
            endLine: null,
            matched: false,
            detail: `no module the entry reaches (3 hops) imports ${framework.slug}`,
          },
        ]),
      );
      some = traced !== null;
    }
    explained.push({ slug: framework.slug, matched: every && some, superseded: false, rules });
  }

  const matches = explained
    .filter((item) => item.matched)
    .map((item) => ({ slug: item.slug, accuracy: 'config' as const, evidence: [] }));
  const superseded = supersededBy(matches, frameworks);
  for (const item of explained) item.superseded = item.matched && superseded.has(item.slug);
  return explained.sort(
    (a, b) => Number(b.matched) - Number(a.matched) || (a.slug < b.slug ? -1 : 1),
  );
}

/** The outcome of an item that did not match, and why. */
async function unmatched(
  fs: DetectFileSystem,
  context: DirectoryContext,
  item: DetectorItem,
  kind: 'every' | 'some',
): Promise<Evidence> {
  const { directory } = context;
  const required = kind === 'every' ? 'required' : 'one of the alternatives';
  if (item.matchPackage !== null) {
    return {
      rule: 'package.json#dependencies',
      file: joinProjectPath(directory, 'package.json'),
      line: null,
      endLine: null,
      matched: false,
      detail: `"${item.matchPackage}" is not a dependency (${required})`,
    };
  }
  const path = item.path ?? '';
  const file = joinProjectPath(directory, path);
  const exists = context.listing.has(shapeOf(path).head) && (await fs.kind(file)) === 'file';
  return {
    rule: item.matchContent ? 'content' : 'file',
    file,
    line: null,
    endLine: null,
    matched: false,
    detail:
      item.matchContent && exists
        ? `${path} does not match /${item.matchContent}/ (${required})`
        : `${path} does not exist (${required})`,
  };
}
