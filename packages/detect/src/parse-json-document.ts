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
      hint: `${first ? fixFor(first, source, tree) : 'Write an object: { "experimentalServices": { … } }'} (${file}:${at.line}:${at.column}).`,
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
    warnings: findDuplicateKeys(tree).map((duplicate) => {
      const at = position(duplicate.offset);
      const used = position(duplicate.usedOffset);
      return problem(
        'CONFIG_DUPLICATE_KEY',
        `Key "${duplicate.key}" appears again at line ${used.line} of the same object; this one is ignored.`,
        {
          file,
          pointer: toJsonPointer(duplicate.path),
          line: at.line,
          column: at.column,
          value: duplicate.key,
          expected: 'each key once per object',
          hint: `Remove this "${duplicate.key}" or the one at ${file}:${used.line}:${used.column} (the last one is read).`,
        },
      );
    }),
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

/**
 * What to write at a JSON syntax error. vercel.json is strict JSON, so the usual slips
 * are JavaScript habits: a trailing comma, a comment, single quotes, an unquoted key.
 */
function fixFor(error: ParseError, source: string, tree: Node | undefined): string {
  if (tree && error.offset >= tree.offset + tree.length) {
    return 'Remove what follows the closing "}": a file holds one JSON object';
  }
  const before = source.slice(0, error.offset).trimEnd();
  const at = source.charAt(error.offset);
  switch (printParseErrorCode(error.error)) {
    case 'PropertyNameExpected':
    case 'ValueExpected':
      if (before.endsWith(',')) return 'Remove the trailing comma before this point';
      if (at === "'") return 'Use double quotes: JSON strings and keys are "quoted"';
      return 'Write a double-quoted key or a value here';
    case 'InvalidCommentToken':
    case 'InvalidSymbol':
      if (source.startsWith('//', error.offset) || source.startsWith('/*', error.offset)) {
        return 'Remove the comment: vercel.json allows none';
      }
      return at === "'"
        ? 'Use double quotes: JSON strings and keys are "quoted"'
        : 'Quote this key or value with double quotes';
    case 'CommaExpected':
      return 'Add a comma between the two entries';
    case 'ColonExpected':
      return 'Add a colon between the key and its value';
    case 'CloseBraceExpected':
      return 'Close the object with "}" (or add the missing comma)';
    case 'CloseBracketExpected':
      return 'Close the array with "]" (or add the missing comma)';
    default:
      return 'Fix the JSON syntax here';
  }
}

interface DuplicateKey {
  key: string;
  path: JsonPath;
  /** The ignored key, and the one that is read (the last). */
  offset: number;
  usedOffset: number;
}

/** Every key that a later key of the same object overrides, in file order. */
function findDuplicateKeys(root: Node, path: JsonPath = []): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  if (root.type === 'array') {
    (root.children ?? []).forEach((child, index) => {
      found.push(...findDuplicateKeys(child, [...path, index]));
    });
  }
  if (root.type !== 'object') return found;
  const properties = root.children ?? [];
  properties.forEach((property, index) => {
    const [key, value] = property.children ?? [];
    if (!key) return;
    const later = properties.findLast(
      (other, otherIndex) => otherIndex > index && other.children?.[0]?.value === key.value,
    );
    const childPath = [...path, key.value as string];
    if (later?.children?.[0]) {
      found.push({
        key: key.value as string,
        path: childPath,
        offset: key.offset,
        usedOffset: later.children[0].offset,
      });
    }
    if (value) found.push(...findDuplicateKeys(value, childPath));
  });
  return found;
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
