import { supersessions } from './detect-frameworks.js';
import {
  evaluateItem,
  loadNestedListings,
  readDirectory,
  traceImport,
} from './evaluate-detectors.js';
import type { DetectFileSystem } from './file-system.js';
import type { DetectorItem, FrameworkInfo } from './framework-catalog.js';
import { type DirectoryContext, isPresent, shapeOf, tracesImports } from './framework-gates.js';
import { joinProjectPath } from './project-path.js';
import type { Evidence } from './types.js';

/** Every rule of one framework evaluated in a directory, for `svcpack detect --explain`. */
export interface FrameworkExplanation {
  slug: string;
  /** Every `every` item and at least one `some` item matched. */
  matched: boolean;
  /** Matched, but another match supersedes it (python under fastapi). */
  superseded: boolean;
  /** The match that supersedes it (`remix` for vite), or `null`. */
  supersededBy: string | null;
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
    await loadNestedListings(fs, context, framework);
    const rules: Evidence[] = [];
    let every = true;
    for (const item of framework.every) {
      const found = isPresent(item, context)
        ? await evaluateItem(fs, context, framework, item)
        : null;
      rules.push(found ?? (await unmatched(fs, context, item, 'every')));
      every &&= found !== null;
    }
    let some = framework.some.length === 0;
    for (const item of framework.some) {
      const found = isPresent(item, context)
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
    explained.push({
      slug: framework.slug,
      matched: every && some,
      superseded: false,
      supersededBy: null,
      rules,
    });
  }

  const owners = supersessions(
    explained.filter((item) => item.matched),
    frameworks,
  );
  for (const item of explained.filter((entry) => entry.matched)) {
    item.supersededBy = owners.get(item.slug) ?? null;
    item.superseded = item.supersededBy !== null;
  }
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
