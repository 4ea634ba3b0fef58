import { parse, TomlError } from 'smol-toml';
import type { ConfigDocument } from './config-document.js';
import { problem } from './errors.js';
import { toJsonPointer } from './json-pointer.js';
import { indexTomlPositions } from './toml-positions.js';
import type { Problem } from './types.js';

/**
 * Parses vercel.toml. smol-toml reads the values; toml-eslint-parser's syntax tree gives
 * the line and column of each key and value (`null` where it has none). Hints come out in
 * TOML syntax (`memory = 128`).
 */
export function parseTomlDocument(file: string, text: string): ConfigDocument | Problem {
  let value: Record<string, unknown>;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    value = parse(source) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '');
    return problem('INVALID_VERCEL_TOML', `${file} is not valid TOML: ${reason}.`, {
      hint: `Fix the TOML at ${file}:${error.line}:${error.column}${reason === 'invalid value' ? ': a string needs double quotes (key = "value")' : ''}.`,
      file,
      line: error.line,
      column: error.column,
      expected: 'a TOML document',
    });
  }

  const positions = indexTomlPositions(source);
  return {
    file,
    value,
    // TOML refuses duplicate keys itself, as a syntax error.
    warnings: [],
    errors: [],
    locate(path, part = 'value') {
      const pointer = toJsonPointer(path);
      const found = positions.get(pointer)?.[part];
      return { file, pointer, line: found?.line ?? null, column: found?.column ?? null };
    },
    restyle: toTomlSyntax,
  };
}

/**
 * A problem's hint and `expected` written in TOML: the validators phrase them as JSON
 * (`"memory": 128`, `{ "service": "api" }`), which a vercel.toml user must translate.
 * `"key": value` becomes `key = value`, which also turns `{ … }` into an inline table.
 */
function toTomlSyntax(item: Problem): Problem {
  const rewrite = (text: string) =>
    text
      .replace(/"([A-Za-z_][A-Za-z0-9_.-]*)": /g, '$1 = ')
      .replace(/\bvercel\.json\b/g, 'vercel.toml');
  return {
    ...item,
    hint: item.hint === null ? null : rewrite(item.hint),
    expected: item.expected === null ? null : rewrite(item.expected),
  };
}
