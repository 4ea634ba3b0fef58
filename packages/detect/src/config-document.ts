import type { JsonPath } from './json-pointer.js';
import type { Problem } from './types.js';

/** Where a value sits in the config file, in the fields a {@link Problem} carries. */
export interface Location {
  file: string;
  pointer: string;
  line: number | null;
  column: number | null;
}

/**
 * A parsed config file that can say where each of its values is, by line and column
 * (`null` where the file has no such key).
 */
export interface ConfigDocument {
  /** Project-relative name of the file (`vercel.json`). */
  file: string;
  /** The parsed top-level object. */
  value: Record<string, unknown>;
  /** What reading the file found that still leaves it usable (duplicate keys). */
  warnings: Problem[];
  /**
   * What reading the file found that makes one service unusable: a service name repeated
   * in the services map, or a key repeated in one service's object. `service` names it.
   */
  errors: { service: string; problem: Problem }[];
  /** Where the value at `path` starts, or its key with `part: 'key'`. */
  locate(path: JsonPath, part?: 'key' | 'value'): Location;
  /** `problem` with its hint and `expected` in the file's own syntax (TOML: `key = value`). */
  restyle(problem: Problem): Problem;
}
