/** A path into a JSON value: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** The RFC 6901 JSON pointer of `path` (`/experimentalServices/api/memory`). */
export function toJsonPointer(path: JsonPath): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
