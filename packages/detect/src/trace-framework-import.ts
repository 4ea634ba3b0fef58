import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import { lineAt } from './line-at.js';
import { joinProjectPath, normalizeProjectPath } from './project-path.js';

/** Where a Node backend's import of its framework was found, and how the entry reaches it. */
export interface FrameworkImport {
  /** The file the service starts from (package.json `main` or a conventional entry). */
  entry: string;
  /** The files from `entry` to `file`, `entry` first. */
  chain: string[];
  /** The file that imports the framework, with the importing line. */
  file: string;
  line: number;
  text: string;
}

/** How far relative imports are followed: entry → router → app is the usual depth. */
const MAX_HOPS = 3;

/** Extensions Node (and TypeScript's `.js` import convention) resolve a relative import to. */
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

/** `require('./x')`, `import('./x')`, `import … from './x'`, `import './x'`, `export … from './x'`. */
const RELATIVE_IMPORT =
  /(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s+|\bimport\s+)["'](\.{1,2}\/[^"'\n]+)["']/g;

/**
 * Follows relative imports from each of `entries` (breadth first, at most three hops)
 * to the first module whose text matches `pattern`, the framework's import as its
 * `@vercel/frameworks` detector writes it. Vercel looks only in ~36 conventional files;
 * an Express app created in `src/app.js` and started from `server.js` is found here.
 */
export async function traceFrameworkImport(
  fs: DetectFileSystem,
  entries: readonly string[],
  pattern: RegExp,
): Promise<FrameworkImport | null> {
  const seen = new Set<string>();
  let frontier = entries.map((entry) => [entry]);
  for (let hop = 0; hop <= MAX_HOPS && frontier.length > 0; hop++) {
    const next: string[][] = [];
    for (const chain of frontier) {
      const file = chain[chain.length - 1] as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = await fs.readFile(file);
      if (text === null) continue;
      const match = pattern.exec(text);
      if (match) {
        const line = lineAt(text, match.index);
        const source = text.split('\n')[line - 1]?.trim() ?? match[0];
        return { entry: chain[0] as string, chain, file, line, text: source };
      }
      for (const target of await relativeImports(fs, file, text)) next.push([...chain, target]);
    }
    frontier = next;
  }
  return null;
}

async function relativeImports(fs: DetectFileSystem, file: string, text: string) {
  const found: string[] = [];
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    const target = normalizeProjectPath(posix.join(posix.dirname(file), match[1] as string));
    const resolved = target === null ? null : await resolveModule(fs, target);
    if (resolved !== null && !found.includes(resolved)) found.push(resolved);
  }
  return found;
}

/** The file a relative specifier names: as written, with an extension, or its index. */
async function resolveModule(fs: DetectFileSystem, path: string): Promise<string | null> {
  const typed = /\.(m|c)?js$/.test(path) ? [path.replace(/js$/, 'ts')] : [];
  const candidates = [
    path,
    ...typed,
    ...EXTENSIONS.map((extension) => path + extension),
    ...EXTENSIONS.map((extension) => joinProjectPath(path, `index${extension}`)),
  ];
  for (const candidate of candidates) {
    if ((await fs.kind(candidate)) === 'file') return candidate;
  }
  return null;
}
