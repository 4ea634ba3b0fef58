import { checkFieldTypes } from './check-field-types.js';
import { checkGlobs, checkInteger, checkPath, checkStringItems } from './check-field-values.js';
import type { ConfigDocument } from './config-document.js';
import { FRAMEWORKS, findFramework } from './framework-catalog.js';
import type { JsonPath } from './json-pointer.js';
import { nearestMatch } from './nearest-match.js';
import { describeJsonType, type ServiceField } from './service-fields.js';
import { createServiceReporter, type ServiceReporter } from './service-reporter.js';
import type { Problem } from './types.js';
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

/** Letter first; letters, digits, `-`, `_`; ends with a letter or digit; at most 64. */
const SERVICE_NAME = /^[A-Za-z](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$/;

const JOB_TRIGGERS = ['schedule', 'queue', 'workflow'] as const;

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
        hint: 'Rename the service, e.g. to "api" or "web-app".',
      },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reporter.report(
      'INVALID_SERVICE_CONFIG',
      `Service "${name}" is ${describeJsonType(value)}, not an object.`,
      {
        field: [],
        part: 'value',
        value,
        expected: 'an object such as { "entrypoint": "apps/web", "routePrefix": "/" }',
        hint: `Make "${name}" an object with at least an "entrypoint".`,
      },
    );
    return { config: null, problems: reporter.problems, resolvable: false };
  }

  const fields = checkFieldTypes(reporter, value as Record<string, unknown>);
  const config = checkFieldValues(reporter, fields);
  const resolvable = RESOLUTION_FIELDS.every((field) => !reporter.broken.has(field));
  return { config, problems: reporter.problems, resolvable };
}

function checkFieldValues(
  reporter: ServiceReporter,
  fields: Partial<Record<ServiceField, unknown>>,
): ServiceConfig {
  const text = (key: ServiceField) => (fields[key] as string | undefined) ?? null;
  const type =
    checkEnum(reporter, 'type', text('type'), SERVICE_TYPES, 'INVALID_SERVICE_TYPE') ?? 'web';
  const runtime = checkEnum(reporter, 'runtime', text('runtime'), RUNTIMES, 'INVALID_RUNTIME');
  const framework = checkFramework(reporter, text('framework'), runtime);
  checkJob(reporter, type, fields);

  const config: ServiceConfig = {
    name: reporter.name,
    path: reporter.path,
    type,
    root: checkPath(reporter, 'root', text('root')) ?? '.',
    entrypoint: checkPath(reporter, 'entrypoint', text('entrypoint')),
    framework,
    runtime,
    builder: text('builder'),
    memory: checkInteger(reporter, 'memory', fields.memory, 128, 10240, 'MB'),
    maxDuration: checkInteger(reporter, 'maxDuration', fields.maxDuration, 1, 900, 'seconds'),
    includeFiles: checkGlobs(reporter, 'includeFiles', fields.includeFiles),
    excludeFiles: checkGlobs(reporter, 'excludeFiles', fields.excludeFiles),
    buildCommand: text('buildCommand'),
    installCommand: text('installCommand'),
    ...validateServiceRouting(reporter, reporter.broken.has('type') ? null : type, fields),
  };
  checkCommand(reporter, fields.command, text('runtime'));
  checkEnough(reporter, fields);
  return config;
}

function checkEnum<T extends string>(
  reporter: ServiceReporter,
  key: ServiceField,
  value: string | null,
  allowed: readonly T[],
  code: 'INVALID_SERVICE_TYPE' | 'INVALID_RUNTIME' | 'INVALID_JOB_TRIGGER',
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
      hint: suggestion ? `Use "${suggestion}".` : `Use one of ${allowed.join(', ')}.`,
    },
  );
  return null;
}

function checkFramework(reporter: ServiceReporter, slug: string | null, runtime: Runtime | null) {
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
        hint: suggestion ? `Use "${suggestion}".` : 'Remove "framework" to let svcpack detect it.',
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
        hint: `Set "runtime" to "${framework.runtime}" or remove it.`,
      },
    );
    return null;
  }
  return slug;
}

/** Cron services and scheduled jobs need a schedule; jobs need a trigger. */
function checkJob(
  reporter: ServiceReporter,
  type: ServiceType,
  fields: Partial<Record<ServiceField, unknown>>,
) {
  const trigger = checkEnum(
    reporter,
    'trigger',
    (fields.trigger as string) ?? null,
    JOB_TRIGGERS,
    'INVALID_JOB_TRIGGER',
  );
  if (type === 'job' && fields.trigger === undefined) {
    reporter.report('MISSING_JOB_TRIGGER', `Job service "${reporter.name}" has no "trigger".`, {
      expected: `"trigger": one of ${JOB_TRIGGERS.join(', ')}`,
      hint: 'Add "trigger": "schedule" (with a "schedule"), "queue" (with "topics") or "workflow".',
    });
  }
  const scheduled = type === 'cron' || (type === 'job' && trigger === 'schedule');
  if (scheduled && fields.schedule === undefined && !reporter.broken.has('schedule')) {
    const code = type === 'cron' ? 'MISSING_CRON_SCHEDULE' : 'MISSING_JOB_SCHEDULE';
    reporter.report(code, `Service "${reporter.name}" runs on a schedule but has no "schedule".`, {
      expected: 'a cron expression such as "0 * * * *"',
      hint: 'Add "schedule": "0 * * * *" (or the cron expression you need).',
    });
  }
  checkStringItems(reporter, 'schedule', fields.schedule);
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
function checkEnough(reporter: ServiceReporter, fields: Partial<Record<ServiceField, unknown>>) {
  const given = (key: ServiceField) => fields[key] !== undefined || reporter.broken.has(key);
  if (!given('entrypoint') && !given('framework') && !given('runtime') && !given('builder')) {
    reporter.report(
      'MISSING_SERVICE_CONFIG',
      `Service "${reporter.name}" does not say what to run.`,
      {
        expected: 'at least one of entrypoint, framework, runtime, builder',
        hint: 'Add "entrypoint": the service\'s directory or main file, e.g. "apps/web" or "api/main.py".',
      },
    );
  } else if (!given('entrypoint') && !given('framework')) {
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
