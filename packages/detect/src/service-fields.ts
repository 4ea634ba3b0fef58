/**
 * The keys a service config may hold (reference/vercel-services.md §1.1) and the JSON type
 * each takes. `text` is a non-empty string; `prefix` a string checked as a route prefix;
 * `strings` a string or an array of strings; `mount` a string or `{ path, subdomain }`.
 */
export const SERVICE_FIELDS = {
  entrypoint: 'text',
  root: 'text',
  routePrefix: 'prefix',
  mount: 'mount',
  subdomain: 'text',
  framework: 'text',
  runtime: 'text',
  builder: 'text',
  type: 'text',
  trigger: 'text',
  schedule: 'strings',
  topics: 'array',
  consumer: 'text',
  memory: 'number',
  maxDuration: 'number',
  includeFiles: 'strings',
  excludeFiles: 'strings',
  buildCommand: 'text',
  installCommand: 'text',
  env: 'object',
  command: 'strings',
  workspace: 'text',
  preDeployCommand: 'text',
} as const;

/** A known service key. */
export type ServiceField = keyof typeof SERVICE_FIELDS;

/** What each field kind accepts, for messages. */
export const FIELD_KIND_EXPECTED = {
  text: 'a non-empty string',
  prefix: 'a string',
  strings: 'a string or an array of strings',
  mount: 'a path string or an object { path, subdomain }',
  number: 'an integer',
  array: 'an array',
  object: 'an object',
} as const;

/** Describes a JSON value's type the way messages do: "a string", "an array", "null". */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' && !Number.isInteger(value)
    ? 'a fractional number'
    : `a ${typeof value}`;
}
