import { problem } from './errors.js';
import { createLineIndex } from './line-index.js';
import type { Problem } from './types.js';

/** What a UTF-8 decoder puts where a byte sequence is not UTF-8. */
const REPLACEMENT = '\uFFFD';

/**
 * The problem with a config file's text that is not UTF-8, or `null` when it is. The file
 * system hands over text decoded as UTF-8, so the bytes are gone by then; what is left:
 *
 * - UTF-16 (or UTF-32) shows as NUL characters, which strict JSON and TOML never hold
 *   raw, and its byte-order mark (FF FE or FE FF) as two U+FFFD at the start;
 * - any other byte that is not UTF-8 shows as U+FFFD (U+FFFD REPLACEMENT CHARACTER).
 *
 * A U+FFFD written into the file on purpose (the valid bytes EF BF BD) reads the same as
 * a broken byte and is reported too: the character means "something was lost" and no
 * config value needs it; JSON can still spell it as the escape `\uFFFD`.
 */
export function checkConfigEncoding(file: string, text: string): Problem | null {
  const nul = text.indexOf('\0');
  if (nul !== -1) return wideEncoding(file, text, nul);
  const bad = text.indexOf(REPLACEMENT);
  if (bad === -1) return null;

  const at = createLineIndex(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)(
    text.charCodeAt(0) === 0xfeff ? bad - 1 : bad,
  );
  return problem(
    'CONFIG_NOT_UTF8',
    `${file} is not UTF-8: the bytes at ${file}:${at.line}:${at.column} are no UTF-8 character.`,
    {
      hint: `Save ${file} as UTF-8 (the file was likely written as Latin-1 or Windows-1252); if U+FFFD is meant there, write it as the escape \\uFFFD.`,
      file,
      line: at.line,
      column: at.column,
      expected: 'UTF-8 text',
    },
  );
}

/**
 * UTF-16 or UTF-32, from where its NULs fall: ASCII text in UTF-16LE decodes as
 * `c \0 c \0`, in UTF-16BE as `\0 c \0 c`, in UTF-32 with three NULs per character.
 */
function wideEncoding(file: string, text: string, nul: number): Problem {
  const body = text.startsWith(REPLACEMENT + REPLACEMENT) ? text.slice(2) : text;
  const wide = body.startsWith('\0\0') || body.slice(1, 3) === '\0\0' ? 'UTF-32' : 'UTF-16';
  const order = body.startsWith('\0') ? 'big-endian' : 'little-endian';
  const encoding = `${wide} (${order})`;
  const iconvName = `${wide}${order === 'big-endian' ? 'BE' : 'LE'}`;
  const utf16 = body.length > 1 && (body[0] === '\0' || body[1] === '\0');
  if (!utf16) {
    const at = createLineIndex(text)(nul);
    return problem(
      'CONFIG_NOT_UTF8',
      `${file} holds a NUL byte at ${file}:${at.line}:${at.column}.`,
      {
        hint: `Save ${file} as UTF-8 text; a NUL byte is not allowed in it, even inside a string.`,
        file,
        line: at.line,
        column: at.column,
        expected: 'UTF-8 text',
      },
    );
  }
  return problem('CONFIG_NOT_UTF8', `${file} is ${encoding}, not UTF-8.`, {
    hint: `${file} is ${wide}; save it as UTF-8 (in an editor: "Save with encoding" → UTF-8, or \`iconv -f ${iconvName} -t UTF-8\`).`,
    file,
    line: 1,
    column: 1,
    expected: 'UTF-8 text',
  });
}
