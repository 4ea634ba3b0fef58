import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { ConfigDocument } from './config-document.js';
import { problem } from './errors.js';
import { type JsonPath, toJsonPointer } from './json-pointer.js';
import { createLineIndex } from './line-index.js';
import type { Problem } from './types.js';

/**
 * Parses `text` as strict JSON (no comments, no trailing commas, as Vercel reads
 * vercel.json) into a document whose values know their line and column. A leading UTF-8
 * byte-order mark is skipped; positions count from the character after it.
 */
export function parseJsonDocument(file: string, text: string): ConfigDocument | Problem {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false });
  const position = createLineIndex(source);

  const first = errors[0];
  if (first !== undefined || tree === undefined) {
    const at = position(first?.offset ?? 0);
    const reason = first === undefined ? 'it is empty' : describe(first, source);
    return problem('INVALID_VERCEL_JSON', `${file} is not valid JSON: ${reason}.`, {
      hint: `Fix the JSON syntax at ${file}:${at.line}:${at.column}.`,
      file,
      line: at.line,
      column: at.column,
      expected: 'a JSON object',
    });
  }
  if (tree.type !== 'object') {
    return problem('INVALID_VERCEL_JSON', `${file} holds a JSON ${tree.type}, not an object.`, {
      hint: `Make ${file} an object: { "experimentalServices": { … } }.`,
      file,
      pointer: '',
      ...position(tree.offset),
      expected: 'a JSON object',
    });
  }

  return {
    file,
    value: toPlain(tree) as Record<string, unknown>,
    locate(path, part = 'value') {
      const found = nodeAt(tree, path);
      const node = part === 'key' && found?.parent?.type === 'property' ? found.parent : found;
      const at = node ? position(node.offset) : null;
      return {
        file,
        pointer: toJsonPointer(path),
        line: at?.line ?? null,
        column: at?.column ?? null,
      };
    },
  };
}

function describe(error: ParseError, source: string): string {
  const near = source.slice(error.offset, error.offset + Math.max(error.length, 1));
  const code = printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return near.trim() === '' ? code : `${code} near ${JSON.stringify(near)}`;
}

/** The value node at `path`; with duplicate keys the last one wins, as in `JSON.parse`. */
function nodeAt(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const part of path) {
    if (node === undefined) return undefined;
    if (node.type === 'array' && typeof part === 'number') {
      node = node.children?.[part];
      continue;
    }
    if (node.type !== 'object') return undefined;
    const properties: Node[] = node.children ?? [];
    const property = properties.findLast((child) => child.children?.[0]?.value === part);
    node = property?.children?.[1];
  }
  return node;
}

/** Plain objects (with a normal prototype) and arrays, so callers may use `in` and spread. */
function toPlain(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) result[key.value as string] = toPlain(value);
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(toPlain);
    default:
      return node.value;
  }
}
