import { type Node, parseTree } from 'jsonc-parser';
import type { DetectFileSystem } from './file-system.js';
import { createLineIndex } from './line-index.js';

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
 */
export async function findPackageDependency(
  fs: DetectFileSystem,
  file: string,
  name: string,
): Promise<PackageDependency | null> {
  const text = await fs.readFile(file);
  const tree = text === null ? undefined : parseTree(text);
  if (text === null || tree?.type !== 'object') return null;

  for (const field of FIELDS) {
    const entry = property(property(tree, field)?.children?.[1], name);
    const value = entry?.children?.[1];
    if (!entry || typeof value?.value !== 'string') continue;
    const { line } = createLineIndex(text)(entry.offset);
    const source = text.split('\n')[line - 1]?.trim().replace(/,$/, '') ?? '';
    return { field, name, range: value.value, line, text: source };
  }
  return null;
}

function property(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  return node.children?.findLast((child) => child.children?.[0]?.value === key);
}
