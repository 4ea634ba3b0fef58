import {
  createScanner,
  getNodePath,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
  type SyntaxKind,
} from 'jsonc-parser';
import type { ConfigDocument } from './config-document.js';
import { problem } from './errors.js';
import { type JsonPath, toJsonPointer } from './json-pointer.js';
import { createLineIndex } from './line-index.js';
import { parsePlainJsonObject } from './parse-plain-json.js';
import type { Problem } from './types.js';

/**
 * How deep objects and arrays may nest. jsonc-parser recurses once per level, so a few
 * thousand levels overflow the stack; no config needs more than a handful.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Parses `text` as strict JSON (no comments, no trailing commas, as Vercel reads
 * vercel.json) into a document whose values know their line and column. A leading UTF-8
 * byte-order mark is skipped; positions count from the character after it.
 */
export function parseJsonDocument(file: string, text: string): ConfigDocument | Problem {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // A valid config without repeated keys is read by `JSON.parse`; the syntax tree, which
  // only places problems, is then built on the first `locate`.
  const value = parsePlainJsonObject(source, MAX_JSON_DEPTH);
  if (value === null) return parseJsonTree(file, source);
  let full: ConfigDocument | Problem | undefined;
  return {
    file,
    value,
    warnings: [],
    errors: [],
    restyle: (item) => item,
    locate(path, part) {
      full ??= parseJsonTree(file, source);
      if ('locate' in full) return full.locate(path, part);
      return { file, pointer: toJsonPointer(path), line: null, column: null };
    },
  };
}

/** The reading through jsonc-parser's tree: syntax errors, depth, repeated keys, positions. */
function parseJsonTree(file: string, source: string): ConfigDocument | Problem {
  const position = createLineIndex(source);
  const deep = tooDeepAt(source, MAX_JSON_DEPTH);
  if (deep !== null) {
    const at = position(deep);
    return problem(
      'INVALID_VERCEL_JSON',
      `${file} nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`,
      {
        hint: `Flatten the value that passes ${MAX_JSON_DEPTH} levels at ${file}:${at.line}:${at.column}; svcpack reads at most ${MAX_JSON_DEPTH}.`,
        file,
        line: at.line,
        column: at.column,
        expected: `at most ${MAX_JSON_DEPTH} levels of nesting`,
      },
    );
  }
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false });

  const first = errors[0];
  if (first !== undefined || tree === undefined) {
    const at = position(first?.offset ?? 0);
    const reason = first === undefined ? 'it is empty' : describe(first, source);
    return problem('INVALID_VERCEL_JSON', `${file} is not valid JSON: ${reason}.`, {
      hint: `${first ? fixFor(file, first, source, tree, position) : 'Write an object: { "experimentalServices": { … } }'} (${file}:${at.line}:${at.column}).`,
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

  const repeats: Repeat[] = [];
  const value = toPlain(tree, repeats) as Record<string, unknown>;
  const warnings: Problem[] = [];
  const serviceErrors: ConfigDocument['errors'] = [];
  for (const repeat of repeats) {
    const service = serviceOf(repeat.later);
    if (service === null) warnings.push(duplicateKey(file, repeat.earlier, position));
    else serviceErrors.push({ service, problem: repeatedInService(file, repeat, position) });
  }
  return {
    file,
    value,
    warnings,
    errors: serviceErrors,
    // The validators already phrase their hints in JSON.
    restyle: (item) => item,
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
 * are JavaScript habits: a trailing comma, a comment, single quotes, an unquoted key;
 * and a bracket left open or closed with the wrong kind, which the hint traces back to
 * the `{` or `[` it belongs to.
 */
function fixFor(
  file: string,
  error: ParseError,
  source: string,
  tree: Node | undefined,
  position: (offset: number) => { line: number; column: number },
): string {
  const kind = printParseErrorCode(error.error);
  const before = source.slice(0, error.offset).trimEnd();
  const at = source.charAt(error.offset);
  const open = openBracketsAt(source, error.offset);
  const innermost = open[open.length - 1];
  const where = (offset: number) => {
    const spot = position(offset);
    return `${file}:${spot.line}:${spot.column}`;
  };
  const atEnd = source.slice(error.offset).trim() === '';
  if (atEnd && innermost !== undefined) {
    const [close, noun] = innermost.char === '{' ? ['}', 'object'] : [']', 'array'];
    const more = open.length > 1 ? `; ${open.length} brackets are open there in all` : '';
    return `Add "${close}" at the end of the file: the ${noun} opened by "${innermost.char}" at ${where(innermost.offset)} is never closed${more}`;
  }
  if (tree && error.offset >= tree.offset + tree.length) {
    return 'Remove what follows the closing "}": a file holds one JSON object';
  }
  if ((at === '}' || at === ']') && innermost !== undefined && CLOSER[innermost.char] !== at) {
    const close = CLOSER[innermost.char];
    const opener = `"${innermost.char}" opened at ${where(innermost.offset)}`;
    // The closer belongs to an outer bracket: the inner one was left open.
    return open.some((item) => CLOSER[item.char] === at)
      ? `Add "${close}" before this "${at}": the ${opener} is still open`
      : `Write "${close}" instead of "${at}": it closes the ${opener}`;
  }
  switch (kind) {
    case 'PropertyNameExpected':
    case 'ValueExpected':
      if (before.endsWith(',')) return 'Remove the trailing comma before this point';
      if (at === "'") return 'Use double quotes: JSON strings and keys are "quoted"';
      return 'Write a double-quoted key or a value here';
    case 'InvalidCommentToken':
    case 'InvalidSymbol':
      return symbolFix(source, error);
    case 'UnexpectedEndOfString':
      return 'Close the string with a double quote on the line it starts (a JSON string cannot span lines; write \\n for a line break)';
    case 'CommaExpected': {
      const previous = position(before.length);
      return previous.line === position(error.offset).line
        ? 'Add a comma between the two entries'
        : `Add a comma at the end of line ${previous.line}, between the two entries`;
    }
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

/** The bracket that closes each opening one. */
const CLOSER: Record<string, string> = { '{': '}', '[': ']' };

/** Words from other languages that JSON spells otherwise. */
const LITERALS: Record<string, string> = {
  True: 'true',
  False: 'false',
  None: 'null',
  undefined: 'null',
  NaN: 'null',
};

/** The fix for a token the JSON scanner does not know: a comment, a quote, a bare word. */
function symbolFix(source: string, error: ParseError): string {
  if (source.startsWith('//', error.offset) || source.startsWith('/*', error.offset)) {
    return 'Remove the comment: vercel.json allows none';
  }
  if (source.charAt(error.offset) === "'") {
    return 'Use double quotes: JSON strings and keys are "quoted"';
  }
  const word = source.slice(error.offset, error.offset + error.length);
  const literal = LITERALS[word];
  if (literal !== undefined) return `Write ${literal}: JSON has no ${word}`;
  return 'Quote this key or value with double quotes';
}

/** The `{` and `[` still open at `offset`, outermost first (strings skipped whole). */
function openBracketsAt(source: string, offset: number): { char: string; offset: number }[] {
  const scanner = createScanner(source, true);
  const open: { char: string; offset: number }[] = [];
  for (let token = scanner.scan(); token !== TOKEN.end; token = scanner.scan()) {
    const start = scanner.getTokenOffset();
    if (start >= offset) break;
    if (token === TOKEN.openBrace) open.push({ char: '{', offset: start });
    else if (token === TOKEN.openBracket) open.push({ char: '[', offset: start });
    else if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) open.pop();
  }
  return open;
}

/** Keys whose value maps service names to service configs, in either dialect. */
const SERVICES_KEYS = new Set(['experimentalServices', 'services', 'experimentalServicesV2']);

/**
 * The service a repeated property would lose, or part of, when it sits in the services map
 * (the service it names) or anywhere inside one service (that service); `null` elsewhere.
 */
function serviceOf(property: Node): string | null {
  const path = getNodePath(property.children?.[1] ?? property);
  const [top, name] = path;
  if (typeof top !== 'string' || !SERVICES_KEYS.has(top) || typeof name !== 'string') return null;
  return name;
}

/**
 * The error for a key repeated where the last-one-wins reading would silently drop a
 * service or one of its settings; at the repeat, naming the earlier line.
 */
function repeatedInService(
  file: string,
  { earlier, later }: Repeat,
  position: (offset: number) => { line: number; column: number },
): Problem {
  const key = later.children?.[0]?.value as string;
  const at = position(later.offset);
  const first = position(earlier.offset);
  const path = getNodePath(later.children?.[1] ?? later);
  const inMap = path.length === 2;
  const where =
    first.line === at.line
      ? `at ${first.line}:${first.column} and ${at.line}:${at.column}`
      : `at lines ${first.line} and ${at.line}`;
  const message = inMap
    ? `Service "${key}" is declared twice in "${path[0]}", ${where}; only the last would be read.`
    : `Key "${key}" appears twice in service "${path[1]}", ${where}; only the last would be read.`;
  return problem('CONFIG_DUPLICATE_KEY', message, {
    file,
    pointer: toJsonPointer(path),
    line: at.line,
    column: at.column,
    value: key,
    expected: inMap ? 'each service name once' : 'each key once per service',
    hint: inMap
      ? `Rename one of the two "${key}" services (${file}:${first.line}:${first.column} and ${file}:${at.line}:${at.column}), or merge them into one.`
      : `Keep one "${key}": remove the one at ${file}:${first.line}:${first.column} or at ${file}:${at.line}:${at.column}.`,
  });
}

/** The warning for a property that a later one with the same key overrides. */
function duplicateKey(
  file: string,
  property: Node,
  position: (offset: number) => { line: number; column: number },
): Problem {
  const key = property.children?.[0]?.value as string;
  const used = lastProperties(property.parent as Node).get(key)?.offset ?? property.offset;
  const at = position(property.offset);
  const read = position(used);
  return problem(
    'CONFIG_DUPLICATE_KEY',
    `Key "${key}" appears again at line ${read.line} of the same object; this one is ignored.`,
    {
      file,
      pointer: toJsonPointer(getNodePath(property.children?.[1] ?? property)),
      line: at.line,
      column: at.column,
      value: key,
      expected: 'each key once per object',
      hint: `Remove this "${key}" or the one at ${file}:${read.line}:${read.column} (the last one is read).`,
    },
  );
}

/**
 * The offset of the first `{` or `[` that opens level `limit + 1`, or `null`. A token scan
 * (strings skipped whole), so it costs no stack however deep the text goes.
 */
function tooDeepAt(source: string, limit: number): number | null {
  const scanner = createScanner(source, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== TOKEN.end; token = scanner.scan()) {
    if (token === TOKEN.openBrace || token === TOKEN.openBracket) {
      depth += 1;
      if (depth > limit) return scanner.getTokenOffset();
    } else if (token === TOKEN.closeBrace || token === TOKEN.closeBracket) {
      depth = Math.max(0, depth - 1);
    }
  }
  return null;
}

/** jsonc-parser's `SyntaxKind` values (a `const enum`, which isolated modules cannot read). */
const TOKEN = {
  openBrace: 1 as SyntaxKind,
  closeBrace: 2 as SyntaxKind,
  openBracket: 3 as SyntaxKind,
  closeBracket: 4 as SyntaxKind,
  end: 17 as SyntaxKind,
};

function describe(error: ParseError, source: string): string {
  const near = source.slice(error.offset, error.offset + Math.max(error.length, 1));
  const code = printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  if (near.trim() !== '') return `${code} near ${JSON.stringify(near)}`;
  return source.slice(error.offset).trim() === '' ? `${code} at the end of the file` : code;
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
    node = lastProperties(node).get(String(part))?.children?.[1];
  }
  return node;
}

const PROPERTIES = new WeakMap<Node, Map<string, Node>>();

/** An object node's properties by key, the last one for a repeated key (as `JSON.parse`). */
function lastProperties(object: Node): Map<string, Node> {
  let byKey = PROPERTIES.get(object);
  if (!byKey) {
    byKey = new Map();
    for (const property of object.children ?? []) {
      const key = property.children?.[0]?.value;
      if (typeof key === 'string') byKey.set(key, property);
    }
    PROPERTIES.set(object, byKey);
  }
  return byKey;
}

/** A property whose key an earlier property of the same object already had. */
interface Repeat {
  earlier: Node;
  later: Node;
}

/**
 * Plain objects (with a normal prototype) and arrays, so callers may use `in` and spread.
 * A repeated key keeps its last value, as in `JSON.parse`; each repeat goes to `repeats`
 * with the property it overrides.
 */
function toPlain(node: Node, repeats: Repeat[]): unknown {
  switch (node.type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const seen = new Map<string, Node>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value) continue;
        const earlier = seen.get(key.value as string);
        if (earlier) repeats.push({ earlier, later: property });
        seen.set(key.value as string, property);
        result[key.value as string] = toPlain(value, repeats);
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map((child) => toPlain(child, repeats));
    default:
      return node.value;
  }
}
