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
  ])('%j: points at %i:%i and says what to write (%s)', (text, line, column, fix) => {
    const result = parseJsonDocument('vercel.json', text);

    expect(result).toMatchObject({ code: 'INVALID_VERCEL_JSON', line, column });
    expect('hint' in result && result.hint).toContain(fix);
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
