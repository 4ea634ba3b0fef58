import { checkEntrypointRuntime } from './check-entrypoint-runtime.js';
import { checkEnvRefs, type ServiceRef } from './check-env-refs.js';
import { type CheckedFields, checkFieldsForType, checkFieldTypes } from './check-field-types.js';
import { checkGlobs, checkInteger, checkPath, checkStringItems } from './check-field-values.js';
import { checkJobFields, type JobFields } from './check-job-fields.js';
import type { ConfigDocument } from './config-document.js';
import { FRAMEWORKS, findFramework } from './framework-catalog.js';
import type { JsonPath } from './json-pointer.js';
import { nearestMatch } from './nearest-match.js';
import { describeJsonType, type ServiceField } from './service-fields.js';
import { SERVICE_NAME, suggestServiceName } from './service-name.js';
import { createServiceReporter, type ServiceReporter } from './service-reporter.js';
import type { Problem, ServiceRewrite } from './types.js';
import { RUNTIMES, type Runtime, SERVICE_TYPES, type ServiceType } from './types.js';
import { validateServiceRouting } from './validate-service-routing.js';

/** A service's config after the static checks: typed, normalised, `null` where unset. */
export interface ServiceConfig {
  name: string;
  /** Path of the service's object in the config document. */
  path: JsonPath;
  type: ServiceType;
  /** Normalised project-relative `root`, `.` when unset. */
  root: string;
  /** The entrypoint as given (relative to `root`), without a leading `./` or trailing `/`. */
  entrypoint: string | null;
  framework: string | null;
  runtime: Runtime | null;
  builder: string | null;
  /** Normalised prefix (from `routePrefix` or `mount`), or `null`. */
  routePrefix: string | null;
  /** Where the prefix was written, for problems about it. */
  routePrefixPath: JsonPath | null;
  subdomain: string | null;
  memory: number | null;
  maxDuration: number | null;
  includeFiles: string[];
  excludeFiles: string[];
  buildCommand: string | null;
  installCommand: string | null;
  /** `trigger`: given for a job, implied for cron (`schedule`) and worker (`queue`). */
  trigger: JobFields['trigger'];
  /** The cron expressions of `schedule`, as an array. */
  schedule: string[];
  /** Queue topics; `["default"]` for a worker that names none. */
  topics: string[];
  /** The well-formed service refs of `env`. */
  env: ServiceRef[];
  /**
   * Which key declared the service. `experimentalServices` strips the prefix of backends;
   * `services` routes by top-level rewrites and strips nothing (SPEC §1.2).
   */
  dialect: 'experimentalServices' | 'services';
  /** The top-level rewrites that send to the service (`services` dialect), else `null`. */
  rewrites: ServiceRewrite[] | null;
}

/** What {@link validateService} found. */
export interface ValidateServiceResult {
  /** `null` when the value is not an object at all. */
  config: ServiceConfig | null;
  /** Every problem of this service, not only the first. */
  problems: Problem[];
  /**
   * Whether the fields that resolution reads (entrypoint, root, framework, runtime,
   * builder, type) are sound; resolving a service with a broken one would only add
   * follow-on errors.
   */
  resolvable: boolean;
}

const RESOLUTION_FIELDS = ['', 'entrypoint', 'root', 'framework', 'runtime', 'builder', 'type'];

/**
 * Runs every static check of one service config (reference/vercel-services.md §2.3, items
 * 1–21) and reports all its problems, not only the first. The filesystem checks come
 * later, in resolution.
 */
export function validateService(
  document: ConfigDocument,
  name: string,
  value: unknown,
): ValidateServiceResult {
  const reporter = createServiceReporter(document, name);
  if (!SERVICE_NAME.test(name)) {
    reporter.report(
      'INVALID_SERVICE_NAME',
      `Service name ${JSON.stringify(name)} is not allowed.`,
      {
        value: name,
        expected:
          'a letter, then letters, digits, "-" or "_", ending with a letter or digit; at most 64 characters',
        suggestion: suggestServiceName(name),
        hint: `Rename the service to match, e.g. "${suggestServiceName(name)}".`,
      },
    );
  }
  if (
    !isServiceObject(reporter, name, value, {
      example: '{ "entrypoint": "apps/web", "routePrefix": "/" }',
      needs: 'an "entrypoint"',
    })
  ) {
    return { config: null, problems: reporter.problems, resolvable: false };
  }

  const fields = checkFieldTypes(reporter, value);
  const config = checkFieldValues(reporter, fields);
  const resolvable = RESOLUTION_FIELDS.every((field) => !reporter.broken.has(field));
  return { config, problems: reporter.problems, resolvable };
}

function checkFieldValues(reporter: ServiceReporter, fields: CheckedFields): ServiceConfig {
  const text = (key: ServiceField) => (fields[key] as string | undefined) ?? null;
  const type =
    checkEnum(reporter, 'type', text('type'), SERVICE_TYPES, 'INVALID_SERVICE_TYPE') ?? 'web';
  const knownType = reporter.broken.has('type') ? null : type;

  // reference/vercel-services.md §2.3, in its order: routing (3–8), jobs (9–13), root
  // (14), env refs (15), runtime and framework (16–18), enough to run (19–21).
  const routing = validateServiceRouting(reporter, knownType, fields);
  const job = checkJobFields(reporter, knownType, fields);
  if (knownType) checkFieldsForType(reporter, knownType, fields);
  const root = checkPath(reporter, 'root', text('root')) ?? '.';
  const env = checkEnvRefs(reporter, fields.env);
  const runtime = checkEnum(reporter, 'runtime', text('runtime'), RUNTIMES, 'INVALID_RUNTIME');
  const framework = checkFramework(reporter, text('framework'), runtime);
  checkEnough(reporter, fields);
  checkCommand(reporter, fields.command, text('runtime'));
  const entrypoint = checkPath(reporter, 'entrypoint', text('entrypoint'));
  const agrees = checkEntrypointRuntime(reporter, entrypoint, runtime, framework);

  return {
    name: reporter.name,
    path: reporter.path,
    dialect: 'experimentalServices',
    type,
    root,
    entrypoint,
    framework: agrees ? framework : null,
    runtime: agrees ? runtime : null,
    builder: text('builder'),
    memory: checkInteger(reporter, 'memory', fields.memory),
    maxDuration: checkInteger(reporter, 'maxDuration', fields.maxDuration),
    includeFiles: checkGlobs(reporter, 'includeFiles', fields.includeFiles),
    excludeFiles: checkGlobs(reporter, 'excludeFiles', fields.excludeFiles),
    buildCommand: text('buildCommand'),
    installCommand: text('installCommand'),
    ...routing,
    ...job,
    env,
    rewrites: null,
  };
}

/** `value` when it is one of `allowed`; else `null`, reported with the nearest one. */
export function checkEnum<T extends string>(
  reporter: ServiceReporter,
  key: ServiceField,
  value: string | null,
  allowed: readonly T[],
  code: 'INVALID_SERVICE_TYPE' | 'INVALID_RUNTIME',
): T | null {
  if (value === null) return null;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const suggestion = nearestMatch(value, allowed);
  reporter.report(
    code,
    `"${key}" of service "${reporter.name}" is "${value}", which svcpack does not know.`,
    {
      field: [key],
      value,
      expected: `one of ${allowed.join(', ')}`,
      suggestion,
      hint: `Write "${key}": "${suggestion ?? allowed[0]}"${suggestion ? '' : ` (one of ${allowed.join(', ')})`}.`,
    },
  );
  return null;
}

/**
 * A known `@vercel/frameworks` slug that agrees with an explicit `runtime`, or `null`
 * (reported as `INVALID_FRAMEWORK` with the nearest slug, or `RUNTIME_FRAMEWORK_MISMATCH`).
 */
export function checkFramework(
  reporter: ServiceReporter,
  slug: string | null,
  runtime: Runtime | null,
) {
  if (slug === null) return null;
  const framework = findFramework(slug);
  if (!framework) {
    const suggestion = nearestMatch(
      slug,
      FRAMEWORKS.map((known) => known.slug),
    );
    reporter.report(
      'INVALID_FRAMEWORK',
      `"framework" of service "${reporter.name}" is "${slug}", not a @vercel/frameworks slug.`,
      {
        field: ['framework'],
        value: slug,
        expected: 'a @vercel/frameworks slug such as nextjs, fastapi, express, go',
        suggestion,
        hint: suggestion
          ? `Write "framework": "${suggestion}".`
          : 'Remove "framework" to let svcpack detect it, or write a slug such as "nextjs" or "fastapi".',
      },
    );
    return null;
  }
  if (runtime !== null && framework.runtime !== null && framework.runtime !== runtime) {
    reporter.report(
      'RUNTIME_FRAMEWORK_MISMATCH',
      `Service "${reporter.name}" sets runtime "${runtime}", but framework "${slug}" runs on ${framework.runtime}.`,
      {
        field: ['framework'],
        value: slug,
        expected: `a ${runtime} framework`,
        hint: `Write "runtime": "${framework.runtime}", or remove "runtime" (the framework implies it).`,
      },
    );
    return null;
  }
  return slug;
}

function checkCommand(reporter: ServiceReporter, command: unknown, runtime: string | null) {
  if (command === undefined) return;
  checkStringItems(reporter, 'command', command);
  if (runtime === 'container') return;
  reporter.report(
    'INVALID_COMMAND',
    `Service "${reporter.name}" sets "command", which only a container service takes.`,
    {
      field: ['command'],
      part: 'key',
      value: command,
      expected: '"command" only with "runtime": "container"',
      hint: 'Remove "command", or set "runtime": "container".',
    },
  );
}

/** A service must say what it is; a runtime or builder alone needs an entrypoint. */
function checkEnough(reporter: ServiceReporter, fields: CheckedFields) {
  const given = (key: string) => fields[key] !== undefined || reporter.broken.has(key);
  if (!given('entrypoint') && !given('framework') && !given('runtime') && !given('builder')) {
    reporter.report(
      'MISSING_SERVICE_CONFIG',
      `Service "${reporter.name}" does not say what to run.`,
      {
        expected: 'at least one of entrypoint, framework, runtime, builder',
        hint: 'Add "entrypoint": the service\'s directory or main file, e.g. "apps/web" or "api/main.py".',
      },
    );
  } else if (
    !given('entrypoint') &&
    !given('framework') &&
    !reporter.problems.some((item) => item.code === 'MISSING_ENTRYPOINT')
  ) {
    reporter.report(
      'MISSING_ENTRYPOINT',
      `Service "${reporter.name}" gives a runtime or builder but no entrypoint.`,
      {
        expected: '"entrypoint" (a file or directory) or "framework"',
        hint: 'Add "entrypoint": the file or directory to run.',
      },
    );
  }
}

/**
 * Whether a service's config is a JSON object; reports `INVALID_SERVICE_CONFIG` when not.
 * Shared by both dialects, which differ only in the example and the field a service needs.
 */
export function isServiceObject(
  reporter: ServiceReporter,
  name: string,
  value: unknown,
  shape: { example: string; needs: string },
): value is Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
  reporter.report(
    'INVALID_SERVICE_CONFIG',
    `Service "${name}" is ${describeJsonType(value)}, not an object.`,
    {
      field: [],
      part: 'value',
      value,
      expected: `an object such as ${shape.example}`,
      hint: `Make "${name}" an object with at least ${shape.needs}.`,
    },
  );
  return false;
}
