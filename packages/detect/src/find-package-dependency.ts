import type { DetectFileSystem } from './file-system.js';
import { lineAt } from './line-at.js';
import { readJsonFile } from './read-json-file.js';

/** A dependency declared in a package.json, with the line that declares it. */
export interface PackageDependency {
  field: 'dependencies' | 'devDependencies';
  name: string;
  /** The declared range (`^5.1.0`). */
  range: string;
  line: number;
  /** The declaring line, trimmed (`"express": "^5.1.0"`). */
  text: string;
}

/** The fields `@vercel/frameworks` `matchPackage` looks in, in this order. */
const FIELDS = ['dependencies', 'devDependencies'] as const;

/**
 * Finds `name` in the `dependencies` or `devDependencies` of the package.json at
 * `file`; `null` when the file is missing, unparsable, or does not declare it.
 *
 * The manifest is parsed once per run (`JSON.parse`, shared with every other reader);
 * the declaring line is searched for in the text only for a dependency that is found,
 * since detectors ask about a hundred names per package.json and find one or two.
 */
export async function findPackageDependency(
  fs: DetectFileSystem,
  file: string,
  name: string,
): Promise<PackageDependency | null> {
  const declared = declaredRange(await readJsonFile(fs, file), name);
  if (declared === null) return null;
  const { field, range } = declared;
  const text = (await fs.readFile(file)) ?? '';
  const line = declaringLine(text, field, name);
  const source = text.split('\n')[line - 1]?.trim().replace(/,$/, '') ?? '';
  return { field, name, range, line, text: source };
}

/**
 * The range a parsed package.json gives `name`, and the field that gives it, as
 * {@link findPackageDependency} finds it; for callers that need no line (versions).
 */
export function declaredRange(
  manifest: unknown,
  name: string,
): { field: PackageDependency['field']; range: string } | null {
  if (!isRecord(manifest)) return null;
  for (const field of FIELDS) {
    const table = manifest[field];
    const range = isRecord(table) && Object.hasOwn(table, name) ? table[name] : undefined;
    if (typeof range === 'string') return { field, range };
  }
  return null;
}

/**
 * The line of the `name` key inside `field`: the value itself comes from `JSON.parse`,
 * so this only places it. A dependency table holds strings only, so the first
 * `"name":` after `"field": {` is the key (`JSON.parse` keeps the last of duplicate
 * keys; a duplicated dependency is rare enough to point at the first).
 */
function declaringLine(text: string, field: string, name: string): number {
  const table = new RegExp(`"${field}"\\s*:\\s*\\{`, 'g');
  const start = table.exec(text);
  const key = new RegExp(`${escapeRegExp(JSON.stringify(name))}\\s*:`, 'g');
  key.lastIndex = start ? start.index : 0;
  const found = key.exec(text);
  return lineAt(text, found?.index ?? 0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
