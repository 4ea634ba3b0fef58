import { RUNTIMES, SERVICE_TYPES, type ServiceType } from './types.js';

/**
 * The fields a service config may hold, as data: the validator checks them and
 * `scripts/generate-schema.ts` turns the same table into the JSON Schema, so the two never
 * drift. Limits follow reference/vercel-services.md §1.1 (`experimentalServices`) and §1.2
 * (`services`), except `maxDuration`, capped at 900 as SPEC §1.1 says.
 */

/**
 * How a field's value is read:
 * - `text`: a non-empty string;
 * - `prefix`: a route prefix string (checked by `normalizeRoutePrefix`);
 * - `enum`: one of `values`;
 * - `strings`: a string or an array of non-empty strings (always read as an array);
 * - `integer`: a whole number from `minimum` to `maximum`;
 * - `schedule`: a cron expression or an array of them;
 * - `topics`: an array of queue topics;
 * - `mount`: a prefix string or `{ path, subdomain }`;
 * - `env`: a map from variable name to `{ "type": "service-ref", "service" }`;
 * - `bindings`: an array of `{ "type": "service", "service", "format": "url", "env" }`;
 * - `any`: accepted as Vercel defines it, not read by svcpack.
 */
export type FieldKind =
  | 'text'
  | 'prefix'
  | 'enum'
  | 'strings'
  | 'integer'
  | 'schedule'
  | 'topics'
  | 'mount'
  | 'env'
  | 'bindings'
  | 'any';

/** One field of a service config. */
export interface FieldSpec {
  kind: FieldKind;
  /** One sentence for the JSON Schema and editors. */
  description: string;
  /** Most characters of the string, or of each item. */
  maxLength?: number;
  /** Fewest characters of the string, or of each item; 1 when unset. */
  minLength?: number;
  /** For `enum`. */
  values?: readonly string[];
  /** For `integer`. */
  minimum?: number;
  maximum?: number;
  unit?: string;
  /** The service types that may set the field; every type when unset. */
  types?: readonly ServiceType[];
  /** The value when the field is absent. */
  default?: unknown;
}

/** The triggers of a `job` service. */
export const JOB_TRIGGERS = ['schedule', 'queue', 'workflow'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

/** Limits of the parts of `mount` and of queue topics. */
export const LIMITS = {
  path: 512,
  subdomain: 63,
  topic: 256,
  scheduleMin: 9,
  scheduleMax: 256,
  retryAfterSeconds: [1, 86400],
  initialDelaySeconds: [0, 86400],
} as const;

/** Limits of a `services` service's `bindings` (reference §1.2). */
export const LIMITS_BINDINGS = { items: 100, env: 256 } as const;

/** The `experimentalServices` fields (reference/vercel-services.md §1.1). */
export const SERVICE_FIELDS = {
  entrypoint: {
    kind: 'text',
    maxLength: 512,
    description:
      'File, directory or Python module:attr to run, relative to root (e.g. "apps/web", "api/main.py").',
  },
  root: {
    kind: 'text',
    maxLength: 512,
    default: '.',
    description: 'Service directory, relative to the project root.',
  },
  routePrefix: {
    kind: 'prefix',
    maxLength: 512,
    types: ['web'],
    description: 'URL prefix the service owns, e.g. "/" or "/api".',
  },
  mount: {
    kind: 'mount',
    types: ['web'],
    description: 'Newer alias of routePrefix and subdomain: "/api" or { "path", "subdomain" }.',
  },
  subdomain: {
    kind: 'text',
    maxLength: 63,
    types: ['web'],
    description: 'One DNS label the service answers on.',
  },
  framework: {
    kind: 'text',
    maxLength: 256,
    description: 'A @vercel/frameworks slug that pins detection, e.g. "nextjs" or "fastapi".',
  },
  runtime: { kind: 'enum', values: RUNTIMES, description: 'The language runtime.' },
  builder: {
    kind: 'text',
    maxLength: 256,
    description: 'An explicit builder package, e.g. "@vercel/node".',
  },
  type: { kind: 'enum', values: SERVICE_TYPES, default: 'web', description: 'The service kind.' },
  trigger: {
    kind: 'enum',
    values: JOB_TRIGGERS,
    types: ['job'],
    description: 'What starts a job.',
  },
  schedule: {
    kind: 'schedule',
    minLength: LIMITS.scheduleMin,
    maxLength: LIMITS.scheduleMax,
    types: ['cron', 'job'],
    description: 'Five-field cron expression(s) for cron services and scheduled jobs.',
  },
  topics: {
    kind: 'topics',
    types: ['worker', 'job'],
    description: 'Queue topics of a worker or a queue job; a worker defaults to ["default"].',
  },
  consumer: {
    kind: 'text',
    maxLength: 256,
    types: ['worker', 'job'],
    description: 'Queue consumer name (accepted, not used).',
  },
  memory: {
    kind: 'integer',
    minimum: 128,
    maximum: 10240,
    unit: 'MB',
    description: 'Memory of the function, in MB.',
  },
  maxDuration: {
    kind: 'integer',
    minimum: 1,
    maximum: 900,
    unit: 'seconds',
    description: 'Longest run of one request, in seconds.',
  },
  includeFiles: {
    kind: 'strings',
    default: [],
    description: 'Glob(s) of extra files to package with the service.',
  },
  excludeFiles: {
    kind: 'strings',
    default: [],
    description: 'Glob(s) of files to leave out of the service.',
  },
  buildCommand: { kind: 'text', maxLength: 2048, description: "The service's build command." },
  installCommand: { kind: 'text', maxLength: 2048, description: "The service's install command." },
  env: {
    kind: 'env',
    description:
      'Environment variables that receive another web service\'s URL: { "type": "service-ref", "service" }.',
  },
  command: {
    kind: 'strings',
    maxLength: 2048,
    description: 'Command of a container service (runtime "container" only).',
  },
  workspace: { kind: 'text', maxLength: 512, description: 'Accepted by Vercel and ignored.' },
  preDeployCommand: {
    kind: 'text',
    maxLength: 2048,
    description: 'Command run after every service built.',
  },
} as const satisfies Record<string, FieldSpec>;

/** A known `experimentalServices` key. */
export type ServiceField = keyof typeof SERVICE_FIELDS;

/**
 * The `services` dialect's fields (reference/vercel-services.md §1.2). svcpack reads
 * `root`, `entrypoint`, `framework`, `runtime` and the commands; the rest (a service's own
 * route table, functions, bindings) is Vercel's and passes unread.
 */
export const ROOT_SERVICE_FIELDS = {
  root: {
    kind: 'text',
    maxLength: 512,
    description: 'Service directory, relative to the project root (required).',
  },
  entrypoint: {
    kind: 'text',
    maxLength: 512,
    description: 'File or directory to run, relative to root.',
  },
  framework: SERVICE_FIELDS.framework,
  runtime: SERVICE_FIELDS.runtime,
  command: SERVICE_FIELDS.command,
  buildCommand: SERVICE_FIELDS.buildCommand,
  installCommand: SERVICE_FIELDS.installCommand,
  devCommand: { kind: 'text', maxLength: 2048, description: 'Accepted by Vercel and ignored.' },
  ignoreCommand: { kind: 'text', maxLength: 2048, description: 'Accepted by Vercel and ignored.' },
  outputDirectory: {
    kind: 'text',
    maxLength: 512,
    description: 'Accepted by Vercel and ignored.',
  },
  bindings: {
    kind: 'bindings',
    description:
      'Environment variables that receive another service\'s URL: [{ "service", "format": "url", "env" }].',
  },
  functions: { kind: 'any', description: 'Per-function settings (accepted, not read).' },
  headers: { kind: 'any', description: "The service's own headers (accepted, not read)." },
  redirects: { kind: 'any', description: "The service's own redirects (accepted, not read)." },
  rewrites: { kind: 'any', description: "The service's own rewrites (accepted, not read)." },
  routes: { kind: 'any', description: "The service's own routes (accepted, not read)." },
  cleanUrls: { kind: 'any', description: 'Accepted by Vercel and ignored.' },
  trailingSlash: { kind: 'any', description: 'Accepted by Vercel and ignored.' },
} as const satisfies Record<string, FieldSpec>;

/** A known `services` key. */
export type RootServiceField = keyof typeof ROOT_SERVICE_FIELDS;

/** What a field of each kind accepts, for messages. */
export function describeExpected(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'text':
    case 'prefix':
      return spec.maxLength
        ? `a non-empty string of at most ${spec.maxLength} characters`
        : 'a non-empty string';
    case 'enum':
      return `one of ${(spec.values ?? []).join(', ')}`;
    case 'strings':
      return 'a string or an array of non-empty strings';
    case 'integer':
      return `an integer from ${spec.minimum} to ${spec.maximum} (${spec.unit})`;
    case 'schedule':
      return 'a five-field cron expression such as "0 3 * * *", or an array of them';
    case 'topics':
      return 'a non-empty array of topic names';
    case 'mount':
      return 'a path string or an object { "path", "subdomain" }';
    case 'env':
      return 'an object of { "type": "service-ref", "service": NAME }';
    case 'bindings':
      return 'an array of { "service": NAME, "format": "url", "env": VARIABLE }';
    case 'any':
      return 'any value Vercel accepts';
  }
}

/** Describes a JSON value's type the way messages do: "a string", "an array", "null". */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' && !Number.isInteger(value)
    ? 'a fractional number'
    : `a ${typeof value}`;
}
