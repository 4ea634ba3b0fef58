import { parse, TomlError } from 'smol-toml';
import type { ConfigDocument } from './config-document.js';
import { problem } from './errors.js';
import { toJsonPointer } from './json-pointer.js';
import type { Problem } from './types.js';

/**
 * Parses vercel.toml. smol-toml keeps no positions, so values are located by JSON pointer
 * only (line and column `null`); only a syntax error has a line and column.
 */
export function parseTomlDocument(file: string, text: string): ConfigDocument | Problem {
  let value: Record<string, unknown>;
  try {
    value = parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as Record<string, unknown>;
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

  return {
    file,
    value,
    // TOML refuses duplicate keys itself, as a syntax error.
    warnings: [],
    errors: [],
    locate: (path) => ({ file, pointer: toJsonPointer(path), line: null, column: null }),
  };
}
