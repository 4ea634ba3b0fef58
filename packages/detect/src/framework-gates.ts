import type { DetectorItem, FrameworkInfo } from './framework-catalog.js';

/**
 * What every detector of one directory needs first: its listing, the listings of its
 * subdirectories that detector paths reach into, and its dependencies.
 */
export interface DirectoryContext {
  directory: string;
  listing: ReadonlySet<string>;
  /** Listings of subdirectories (`src`, `cmd/api`) by their path below `directory`. */
  nested: Map<string, ReadonlySet<string>>;
  /** Names in package.json `dependencies` and `devDependencies`, the fields `matchPackage` reads. */
  dependencies: ReadonlySet<string>;
  /** For `hoisted` evaluation: the package.json above that declares each inherited name. */
  manifests: ReadonlyMap<string, string>;
}

/** A detector path split in the parts the listings answer. */
export interface PathShape {
  /** The first segment, which the directory's own listing must hold. */
  head: string;
  /** The directory part for a nested path (`src` of `src/index.js`), else `null`. */
  parent: string | null;
  base: string;
}

const shapes = new Map<string, PathShape>();

/** Detector paths split once per run, not once per service. */
export function shapeOf(path: string): PathShape {
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

/**
 * Whether `item` can match, judged from the directory's own listing and dependencies:
 * its package is a dependency, or the first segment of its path is listed. No read.
 */
export function isPossible(item: DetectorItem, context: DirectoryContext): boolean {
  if (item.matchPackage !== null) return context.dependencies.has(item.matchPackage);
  if (item.path === null || !context.listing.has(shapeOf(item.path).head)) return false;
  const dependency = contentDependency(item);
  return dependency === null || context.dependencies.has(dependency);
}

/**
 * `"(dev)?(d|D)ependencies":\s*{[^}]*"<name>":` opening a detector regex over package.json
 * (SvelteKit 1, Ash, eve, Sanity v2 write theirs so): the regex can match only where
 * `<name>` is a key of `dependencies` or `devDependencies`.
 */
const DEPENDENCY_CONTENT = /^"\(dev\)\?\(d\|D\)ependencies":\\s\*\{\[\^\}\]\*"((?:[^"\\]|\\\/)+)":/;

const contentDependencies = new Map<string, string | null>();

/**
 * The package a package.json content item requires as a dependency, or `null` when its
 * regex is not of that form. Checking the parsed dependency names first spares running
 * the regex over every package.json of the monorepo. (The regex also accepts the keys
 * `Dependencies` and `devdependencies`, which npm does not read.)
 */
export function contentDependency(item: DetectorItem): string | null {
  if (item.path !== 'package.json' || item.matchContent === null) return null;
  let name = contentDependencies.get(item.matchContent);
  if (name === undefined) {
    const found = DEPENDENCY_CONTENT.exec(item.matchContent)?.[1];
    name = found === undefined ? null : found.replace(/\\\//g, '/');
    contentDependencies.set(item.matchContent, name);
  }
  return name;
}

/**
 * Whether `item`'s package is a dependency or its file is listed, nested paths included;
 * `undefined` while the listing of a nested path's directory is not loaded (see
 * `loadNestedListings`).
 */
export function isPresent(item: DetectorItem, context: DirectoryContext): boolean | undefined {
  if (item.matchPackage !== null) return context.dependencies.has(item.matchPackage);
  if (item.path === null) return false;
  const { head, parent, base } = shapeOf(item.path);
  if (!context.listing.has(head)) return false;
  if (parent === null) return true;
  return context.nested.get(parent)?.has(base);
}

/**
 * Whether `framework` can match at all, judged from the directory's listing and its
 * package.json dependencies alone: an `every` item whose file (or whose first directory)
 * is not listed, or whose package is not a dependency, rules it out, and so do `some`
 * items that all fail that way. This needs no further read, and rules out all but a few
 * of the ~75 presets for each service; the rest are evaluated in full.
 */
export function mayMatch(framework: FrameworkInfo, context: DirectoryContext): boolean {
  return (
    framework.every.every((item) => isPossible(item, context)) &&
    (framework.some.length === 0 ||
      possibleAlternatives(framework, context).length > 0 ||
      tracesImports(framework))
  );
}

/**
 * Positions in `framework.some` of the items {@link isPossible} accepts, ascending. Found
 * by looking up the directory's few names in an index of the items (Hono lists 35
 * conventional entry files; a directory holds two or three names).
 */
export function possibleAlternatives(
  framework: FrameworkInfo,
  context: DirectoryContext,
): number[] {
  const index = itemIndexOf(framework);
  const positions: number[] = [];
  for (const name of context.listing) {
    const found = index.someByHead.get(name);
    if (found) positions.push(...found);
  }
  for (const [name, position] of index.somePackages) {
    if (context.dependencies.has(name)) positions.push(position);
  }
  return positions.length > 1 ? positions.sort((a, b) => a - b) : positions;
}

/** The subdirectories (below the directory evaluated) that `framework`'s paths reach into. */
export function nestedParents(framework: FrameworkInfo): readonly PathShape[] {
  return itemIndexOf(framework).nested;
}

/** A framework's detector items arranged for lookups by name, built once per run. */
interface ItemIndex {
  /** Positions of `some` items with a path, by its first segment. */
  someByHead: Map<string, number[]>;
  /** `some` items with a package, as [package, position]. */
  somePackages: [string, number][];
  /** One shape per distinct nested parent of any item's path (`src/index.ts` → `src`). */
  nested: PathShape[];
}

const itemIndexes = new WeakMap<FrameworkInfo, ItemIndex>();

function itemIndexOf(framework: FrameworkInfo): ItemIndex {
  let index = itemIndexes.get(framework);
  if (index) return index;
  index = { someByHead: new Map(), somePackages: [], nested: [] };
  for (const [position, item] of framework.some.entries()) {
    if (item.matchPackage !== null) index.somePackages.push([item.matchPackage, position]);
    else if (item.path !== null) {
      const { head } = shapeOf(item.path);
      index.someByHead.set(head, [...(index.someByHead.get(head) ?? []), position]);
    }
  }
  const parents = new Set<string>();
  for (const item of [...framework.every, ...framework.some]) {
    const shape = item.path === null ? null : shapeOf(item.path);
    if (shape?.parent == null || parents.has(shape.parent)) continue;
    parents.add(shape.parent);
    index.nested.push(shape);
  }
  itemIndexes.set(framework, index);
  return index;
}

/** Node backends are confirmed by an import of the framework, which may be a few files in. */
export function tracesImports(framework: FrameworkInfo): boolean {
  return framework.backend && framework.runtime === 'node' && importPattern(framework) !== null;
}

/** The regex of a Node backend's import (its first content detector), or `null`. */
export function importPattern(framework: FrameworkInfo): RegExp | null {
  const source = framework.some.find((item) => item.matchContent !== null)?.matchContent;
  return source ? compileDetectorPattern(source) : null;
}

const patterns = new Map<string, RegExp>();

/** Detector regexes apply to the whole file with `^`/`$` at line ends, as Vercel's do. */
export function compileDetectorPattern(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = new RegExp(source, 'm');
    patterns.set(source, pattern);
  }
  return pattern;
}

/**
 * The frameworks of `frameworks` that {@link mayMatch} can accept in `context`, in their
 * order: those whose first `every` item, or one of whose `some` items, names a listed
 * entry or a dependency of the directory, and those it cannot rule out that way (a Node
 * backend with only `some` items is also confirmed by a traced import). Looking up the
 * directory's few names in an index built once per list spares testing ~75 presets per
 * service.
 */
export function gatedFrameworks(
  frameworks: readonly FrameworkInfo[],
  context: DirectoryContext,
): readonly FrameworkInfo[] {
  let index = gateIndexes.get(frameworks);
  if (!index) {
    index = indexGates(frameworks);
    gateIndexes.set(frameworks, index);
  }
  const positions = new Set(index.always);
  const gate = (byName: Map<string, number[]>) => (name: string) => {
    const found = byName.get(name);
    if (found) for (const position of found) positions.add(position);
  };
  context.listing.forEach(gate(index.byFile));
  context.dependencies.forEach(gate(index.byPackage));
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
    const dependency = item.matchPackage ?? contentDependency(item);
    const [byName, name] =
      dependency !== null
        ? [index.byPackage, dependency]
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
