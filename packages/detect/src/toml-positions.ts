import { type AST, parseTOML } from 'toml-eslint-parser';
import { type JsonPath, toJsonPointer } from './json-pointer.js';
import type { Position } from './line-index.js';

/** Where a TOML key and its value start, by the JSON pointer of the value. */
export type TomlPositions = Map<string, { key: Position; value: Position }>;

/**
 * The position of every key and value in `text`, from toml-eslint-parser's syntax tree
 * (smol-toml, which reads the values, keeps none). A table header `[experimentalServices.api]`
 * locates `/experimentalServices/api` at its last key; a dotted key `a.b = 1` locates `/a`
 * and `/a/b` at their parts. Empty when the parser refuses the text, so that problems fall
 * back to a pointer without a line.
 */
export function indexTomlPositions(text: string): TomlPositions {
  const positions: TomlPositions = new Map();
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch {
    return positions;
  }
  const [top] = program.body;
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      addKeyValue(positions, [], item);
      continue;
    }
    const named = item.kind === 'array' ? item.resolvedKey.slice(0, -1) : item.resolvedKey;
    addKey(positions, named, item.key, item.key);
    if (item.kind === 'array') {
      positions.set(toJsonPointer(item.resolvedKey), { key: at(item.key), value: at(item.key) });
    }
    for (const pair of item.body) addKeyValue(positions, item.resolvedKey, pair);
  }
  return positions;
}

/** Records each part of a (dotted) key at `path`, the value at the last part's position. */
function addKey(positions: TomlPositions, path: JsonPath, key: AST.TOMLKey, value: AST.TOMLNode) {
  const base = path.slice(0, path.length - key.keys.length);
  key.keys.forEach((part, index) => {
    const pointer = toJsonPointer([...base, ...path.slice(base.length, base.length + index + 1)]);
    const last = index === key.keys.length - 1;
    if (!last && positions.has(pointer)) return;
    positions.set(pointer, { key: at(part), value: last ? at(value) : at(part) });
  });
}

function addKeyValue(positions: TomlPositions, base: JsonPath, pair: AST.TOMLKeyValue) {
  const path = [...base, ...pair.key.keys.map(keyName)];
  addKey(positions, path, pair.key, pair.value);
  addContent(positions, path, pair.value);
}

function addContent(positions: TomlPositions, path: JsonPath, node: AST.TOMLContentNode) {
  if (node.type === 'TOMLInlineTable') {
    for (const pair of node.body) addKeyValue(positions, path, pair);
  } else if (node.type === 'TOMLArray') {
    node.elements.forEach((element, index) => {
      positions.set(toJsonPointer([...path, index]), { key: at(element), value: at(element) });
      addContent(positions, [...path, index], element);
    });
  }
}

function keyName(part: AST.TOMLBare | AST.TOMLQuoted): string {
  return part.type === 'TOMLBare' ? part.name : part.value;
}

/** toml-eslint-parser counts columns from 0; problems count from 1. */
function at(node: { loc: AST.SourceLocation }): Position {
  return { line: node.loc.start.line, column: node.loc.start.column + 1 };
}
