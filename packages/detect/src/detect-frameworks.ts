import { dependencyNames, evaluateFramework, readDirectory } from './evaluate-detectors.js';
import type { DetectFileSystem } from './file-system.js';
import { type FrameworkInfo, findFramework } from './framework-catalog.js';
import { type DirectoryContext, gatedFrameworks, mayMatch } from './framework-gates.js';
import { listingOf } from './listing-file-system.js';
import { ancestorDirectories, joinProjectPath } from './project-path.js';
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
 * python, remix supersedes vite), directly or through a chain, is dropped; the candidate
 * that supersedes it carries a `superseded` evidence item naming it. When nothing
 * matches, frameworks declared by a package.json between `directory` and `boundary` are
 * tried as `hoisted`.
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
    const { matched, evidence } = await evaluateFramework(fs, context, framework);
    if (matched) {
      matches.push({ slug: framework.slug, accuracy: accuracyOf(framework, evidence), evidence });
    }
  }
  if (matches.length === 0) {
    matches.push(...(await detectHoisted(fs, context, frameworks, boundary)));
  }

  const owners = supersessions(matches, frameworks);
  for (const match of matches) {
    const owner = matches.find((item) => item.slug === owners.get(match.slug));
    owner?.evidence.push(supersededEvidence(match, owner.slug));
  }
  return matches
    .filter((match) => !owners.has(match.slug))
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
  return evaluateFramework(fs, await readDirectory(fs, directory), framework);
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
    const { matched, evidence } = await evaluateFramework(fs, inherited, framework);
    if (matched) found.push({ slug: framework.slug, accuracy: 'hoisted', evidence });
  }
  return found;
}

/**
 * Each slug the matches supersede, with the match that does: preferably one that is not
 * superseded itself (only a cycle leaves none), the first by slug when several are.
 * Chains are followed (remix supersedes vite, vite supersedes ionic-react: both go to
 * remix).
 */
export function supersessions(
  matches: readonly { slug: string }[],
  frameworks: readonly FrameworkInfo[],
): Map<string, string> {
  const owners = new Map<string, string>();
  const superseded = supersededBy(matches, frameworks);
  if (superseded.size === 0) return owners;

  const slugs = matches.map((match) => match.slug).sort();
  const survivors = slugs.filter((slug) => !superseded.has(slug));
  for (const slug of [...survivors, ...slugs.filter((item) => superseded.has(item))]) {
    for (const dropped of supersededBy([{ slug }], frameworks)) {
      if (dropped !== slug && !owners.has(dropped)) owners.set(dropped, slug);
    }
  }
  return owners;
}

/**
 * The slugs that a match supersedes, following chains: if remix supersedes vite and vite
 * superseded something, both go.
 */
export function supersededBy(
  matches: readonly { slug: string }[],
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
 * The evidence, on the superseding candidate, that `match` matched too and was dropped
 * for it: where `match` first matched, so that the dropped framework stays visible.
 */
function supersededEvidence(match: FrameworkCandidate, owner: string): Evidence {
  const first = match.evidence[0];
  const why = first ? ` (${first.detail})` : '';
  return {
    rule: 'superseded',
    file: first?.file ?? null,
    line: first?.line ?? null,
    endLine: first?.endLine ?? null,
    matched: true,
    detail: `${match.slug} matches too${why} and is superseded by ${owner}`,
  };
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
