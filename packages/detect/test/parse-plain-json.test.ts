import { describe, expect, it } from 'vitest';
import { parseJsonDocument } from '../src/parse-json-document.js';
import { parsePlainJsonObject } from '../src/parse-plain-json.js';

describe('parsePlainJsonObject', () => {
  it('reads an object whose strings hold quotes, colons and backslashes', () => {
    const text = '{ "a\\"b": "c\\": \\\\", "d" : [ { "e": ":" }, "f\\\\" ], "g": {} }';

    expect(parsePlainJsonObject(text, 512)).toEqual({
      'a"b': 'c": \\',
      d: [{ e: ':' }, 'f\\'],
      g: {},
    });
  });

  it.each([
    ['a key repeated at the top', '{ "a": 1, "a": 2 }'],
    ['a key repeated in an object inside an array', '{ "a": [ { "b": 1, "c": 2, "b": 3 } ] }'],
    ['a key repeated after whitespace before its colon', '{ "x": { "k" \n\t: 1, "k"\r\n: 2 } }'],
    ['a __proto__ key', '{ "__proto__": { "a": 1 } }'],
    ['an array', '[ { "a": 1 } ]'],
    ['a string', '"vercel"'],
    ['invalid JSON', '{ "a": 1, }'],
    ['nesting past the limit', `{ "x": ${'['.repeat(4)}${']'.repeat(4)} }`],
  ])('leaves %s to the syntax tree (null)', (_, text) => {
    expect(parsePlainJsonObject(text, 4)).toBeNull();
  });

  it('reads nesting up to the limit, the object being the first level', () => {
    expect(parsePlainJsonObject(`{ "x": ${'['.repeat(3)}${']'.repeat(3)} }`, 4)).toEqual({
      x: [[[]]],
    });
  });
});

describe('parseJsonDocument read with JSON.parse', () => {
  it('locates values and keys as the syntax tree does', () => {
    const text = '{\n  "experimentalServices": {\n    "api": { "memory": 99 }\n  }\n}\n';
    const document = parseJsonDocument('vercel.json', text);
    if (!('locate' in document)) throw new Error('expected a document');

    expect(document.value).toEqual({ experimentalServices: { api: { memory: 99 } } });
    expect(document.locate(['experimentalServices', 'api', 'memory'])).toEqual({
      file: 'vercel.json',
      pointer: '/experimentalServices/api/memory',
      line: 3,
      column: 24,
    });
    expect(document.locate(['experimentalServices', 'api'], 'key')).toMatchObject({
      line: 3,
      column: 5,
    });
    expect(document.locate(['experimentalServices', 'web'])).toMatchObject({
      line: null,
      column: null,
    });
  });
});
