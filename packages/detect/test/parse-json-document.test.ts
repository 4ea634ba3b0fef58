import { describe, expect, it } from 'vitest';
import { parseJsonDocument } from '../src/parse-json-document.js';

describe('parseJsonDocument on text that is not strict JSON', () => {
  it.each([
    ['{ "a": 1, }', 1, 11, 'Remove the trailing comma'],
    ["{ 'a': 1 }", 1, 3, 'Use double quotes'],
    ['{ "a": 1 // why\n}', 1, 10, 'Remove the comment'],
    ['{ "a": 1 "b": 2 }', 1, 10, 'Add a comma'],
    ['{ a: 1 }', 1, 3, 'Quote this key'],
    ['{ "a" 1 }', 1, 7, 'Add a colon'],
    ['{ "a": 1 }}', 1, 11, 'Remove what follows the closing "}"'],
    ['{ "a": 1 } x', 1, 12, 'Remove what follows the closing "}"'],
    [
      '{\n  "a": {\n    "b": 1\n  }\n',
      5,
      1,
      'Add "}" at the end of the file: the object opened by "{" at vercel.json:1:1',
    ],
    [
      '{ "a": [1, 2',
      1,
      13,
      'Add "]" at the end of the file: the array opened by "[" at vercel.json:1:8',
    ],
    ['{ "a": [1 }', 1, 11, 'Add "]" before this "}": the "[" opened at vercel.json:1:8'],
    ['{ "a": 1 ]', 1, 10, 'Write "}" instead of "]"'],
    ['{ "a": [1, ] }', 1, 12, 'Remove the trailing comma'],
    ['{ "a": 1\n  "b": 2 }', 2, 3, 'Add a comma at the end of line 1'],
    ['{ "a": "abc }', 1, 8, 'Close the string with a double quote'],
    ['{ "a": 1 /* why */ }', 1, 10, 'Remove the comment'],
    ['{ "a": True }', 1, 8, 'Write true'],
  ])('%j: points at %i:%i and says what to write (%s)', (text, line, column, fix) => {
    const result = parseJsonDocument('vercel.json', text);

    expect(result).toMatchObject({ code: 'INVALID_VERCEL_JSON', line, column });
    expect('hint' in result && result.hint).toContain(fix);
  });

  it('never tells to remove what follows the closing brace when the closing brace is missing', () => {
    for (const text of ['{ "a": 1', '{ "a": { "b": 1 }\n', '{ "a": [1, 2']) {
      const result = parseJsonDocument('vercel.json', text);

      expect('hint' in result && result.hint).not.toContain('Remove what follows');
      expect('message' in result && result.message).toContain('at the end of the file');
    }
  });

  it('locates values after a byte-order mark from the first character after it', () => {
    const document = parseJsonDocument('vercel.json', '\uFEFF{\n  "a": { "b": 1 }\n}');

    expect('locate' in document && document.locate(['a', 'b'])).toEqual({
      file: 'vercel.json',
      pointer: '/a/b',
      line: 2,
      column: 15,
    });
  });

  it('refuses nesting past 512 levels at the bracket that passes it, without overflowing the stack', () => {
    const deep = 5000;
    const text = `{ "s": "[[[", "x": ${'['.repeat(deep)}${']'.repeat(deep)} }`;
    const result = parseJsonDocument('vercel.json', text);

    // The object is level 1 and brackets inside strings do not count: the 512th "[" passes.
    expect(result).toMatchObject({ code: 'INVALID_VERCEL_JSON', line: 1, column: 20 + 511 });
    expect('hint' in result && result.hint).toContain('512 levels');
  });

  it('reads nesting of exactly 512 levels', () => {
    const text = `{ "x": ${'['.repeat(511)}${']'.repeat(511)} }`;

    expect('locate' in parseJsonDocument('vercel.json', text)).toBe(true);
  });
});
