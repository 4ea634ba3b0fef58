import type { ConfigDocument } from './config-document.js';
import { FRAMEWORKS, findFramework } from './framework-catalog.js';
import type { JsonPath } from './json-pointer.js';
import { nearestMatch } from './nearest-match.js';
import { normalizeProjectPath } from './project-path.js';
import {
  describeJsonType,
  FIELD_KIND_EXPECTED,
  SERVICE_FIELDS,
  type ServiceField,
} from './service-fields.js';
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

/** Reports unknown keys and wrong JSON types; returns the fields whose type is right. */
function checkFieldTypes(
  reporter: ServiceReporter,
  value: Record<string, unknown>,
): Partial<Record<ServiceField, unknown>> {
  const fields: Partial<Record<ServiceField, unknown>> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!Object.hasOwn(SERVICE_FIELDS, key)) {
      const suggestion = nearestMatch(key, Object.keys(SERVICE_FIELDS));
      reporter.report(
        'CONFIG_UNKNOWN_FIELD',
        `Service "${reporter.name}" has an unknown key "${key}".`,
        {
          field: [key],
          part: 'key',
          value: key,
          expected: `one of ${Object.keys(SERVICE_FIELDS).join(', ')}`,
          suggestion,
          hint: suggestion ? `Rename "${key}" to "${suggestion}".` : `Remove "${key}".`,
        },
      );
      continue;
    }
    const kind = SERVICE_FIELDS[key as ServiceField];
    if (hasKind(field, kind)) {
      fields[key as ServiceField] = field;
      continue;
    }
    reporter.report(
      'CONFIG_INVALID_FIELD_TYPE',
      `"${key}" of service "${reporter.name}" is ${describeValue(field)}, not ${FIELD_KIND_EXPECTED[kind]}.`,
      {
        field: [key],
        value: field,
        expected: FIELD_KIND_EXPECTED[kind],
        hint: `Give "${key}" ${FIELD_KIND_EXPECTED[kind]}.`,
      },
    );
  }
  return fields;
}

function hasKind(value: unknown, kind: (typeof SERVICE_FIELDS)[ServiceField]): boolean {
  switch (kind) {
    case 'text':
      return typeof value === 'string' && value !== '';
    case 'prefix':
      return typeof value === 'string';
    case 'strings':
      return typeof value === 'string' || Array.isArray(value);
    case 'mount':
      return typeof value === 'string' || isObject(value);
    case 'number':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
  }
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

function checkPath(reporter: ServiceReporter, key: 'root' | 'entrypoint', value: string | null) {
  if (value === null) return null;
  const normal = normalizeProjectPath(value);
  if (normal !== null) return normal;
  const code = key === 'root' ? 'INVALID_ROOT' : 'INVALID_ENTRYPOINT';
  reporter.report(
    code,
    `"${key}" of service "${reporter.name}" is "${value}", which is outside the project.`,
    {
      field: [key],
      value,
      expected: 'a relative path inside the project, with "/" separators',
      hint: `Give "${key}" relative to the directory holding vercel.json, without ".." or a leading "/".`,
    },
  );
  return null;
}

function checkInteger(
  reporter: ServiceReporter,
  key: 'memory' | 'maxDuration',
  value: unknown,
  min: number,
  max: number,
  unit: string,
): number | null {
  if (typeof value !== 'number') return null;
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  const code = key === 'memory' ? 'INVALID_MEMORY' : 'INVALID_MAX_DURATION';
  const why = Number.isInteger(value) ? `outside ${min}–${max} ${unit}` : 'not a whole number';
  reporter.report(code, `"${key}" of service "${reporter.name}" is ${value}, ${why}.`, {
    field: [key],
    value,
    expected: `an integer from ${min} to ${max} (${unit})`,
    hint: `Set "${key}" to a whole number of ${unit} from ${min} to ${max}.`,
  });
  return null;
}

/** `includeFiles` / `excludeFiles`: a glob or an array of non-empty globs, as an array. */
function checkGlobs(
  reporter: ServiceReporter,
  key: 'includeFiles' | 'excludeFiles',
  value: unknown,
): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string' && value === '') {
    reportBadItem(reporter, [key], value, 'a non-empty glob');
    return [];
  }
  const list = typeof value === 'string' ? [value] : (value as unknown[]);
  return checkStringItems(reporter, key, list) ? (list as string[]) : [];
}

function checkStringItems(reporter: ServiceReporter, key: ServiceField, value: unknown): boolean {
  if (!Array.isArray(value)) return true;
  let ok = true;
  value.forEach((item, index) => {
    if (typeof item === 'string' && item !== '') return;
    reportBadItem(reporter, [key, index], item, 'a non-empty string');
    ok = false;
  });
  return ok;
}

function reportBadItem(
  reporter: ServiceReporter,
  field: JsonPath,
  value: unknown,
  expected: string,
) {
  const where = field.length > 1 ? `item ${field[1]} of "${field[0]}"` : `"${field[0]}"`;
  reporter.report(
    'CONFIG_INVALID_FIELD_TYPE',
    `${where} of service "${reporter.name}" is ${describeValue(value)}, not ${expected}.`,
    {
      field,
      value,
      expected,
      hint: `Make ${where} ${expected}, or remove it.`,
    },
  );
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

/** `a string ("1024")`, `an empty string`, `an object`: the type, and short values too. */
function describeValue(value: unknown): string {
  if (value === '') return 'an empty string';
  const text = JSON.stringify(value);
  const short = typeof value !== 'object' && text !== undefined && text.length <= 40;
  return short && value !== null ? `${describeJsonType(value)} (${text})` : describeJsonType(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
