import { describeValue } from './check-field-types.js';
import type { JsonPath } from './json-pointer.js';
import { normalizeProjectPath } from './project-path.js';
import { type FieldSpec, SERVICE_FIELDS, type ServiceField } from './service-fields.js';
import type { ServiceReporter } from './service-reporter.js';

/** A normalised `root` or `entrypoint`, or `null` (reported) when it leaves the project. */
export function checkPath(
  reporter: ServiceReporter,
  key: 'root' | 'entrypoint',
  value: string | null,
) {
  if (value === null) return null;
  const code = key === 'root' ? 'INVALID_ROOT' : 'INVALID_ENTRYPOINT';
  if (value.includes('\\')) {
    const slashed = value.replace(/\\/g, '/');
    const suggestion = normalizeProjectPath(slashed) ?? insideProject(slashed);
    reporter.report(
      code,
      `"${key}" of service "${reporter.name}" is ${JSON.stringify(value)}, which separates directories with "\\"; config paths use "/".`,
      {
        field: [key],
        value,
        expected: 'a relative path inside the project, with "/" separators',
        suggestion,
        hint: `Write "${key}": "${suggestion}" ("/" on every system, Windows too).`,
      },
    );
    return null;
  }
  const normal = normalizeProjectPath(value);
  if (normal !== null) return normal;
  reporter.report(
    code,
    `"${key}" of service "${reporter.name}" is "${value}", which is outside the project.`,
    {
      field: [key],
      value,
      expected: 'a relative path inside the project, with "/" separators',
      suggestion: insideProject(value),
      hint: `Write "${key}" relative to the directory holding vercel.json, without ".." or a leading "/", e.g. "${insideProject(value)}".`,
    },
  );
  return null;
}

/** An integer within the field's range (SERVICE_FIELDS), or `null` (reported). */
export function checkInteger(
  reporter: ServiceReporter,
  key: 'memory' | 'maxDuration',
  value: unknown,
): number | null {
  if (typeof value !== 'number') return null;
  const { minimum: min, maximum: max, unit } = SERVICE_FIELDS[key];
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  const code = key === 'memory' ? 'INVALID_MEMORY' : 'INVALID_MAX_DURATION';
  if (!Number.isFinite(value)) {
    // A literal beyond the double range (1e400) parses as ±Infinity: say what it is.
    const size = value > 0 ? 'too large' : 'too small';
    reporter.report(
      code,
      `"${key}" of service "${reporter.name}" is ${size}: it takes ${min}–${max} ${unit}.`,
      {
        field: [key],
        expected: `an integer from ${min} to ${max} (${unit})`,
        hint: `Write "${key}": ${value > 0 ? max : min} (any whole number of ${unit} from ${min} to ${max}).`,
      },
    );
    return null;
  }
  const why = Number.isInteger(value) ? `outside ${min}–${max} ${unit}` : 'not a whole number';
  const nearest = Math.min(max, Math.max(min, Math.round(value)));
  reporter.report(code, `"${key}" of service "${reporter.name}" is ${value}, ${why}.`, {
    field: [key],
    value,
    expected: `an integer from ${min} to ${max} (${unit})`,
    hint: `Write "${key}": ${nearest} (any whole number of ${unit} from ${min} to ${max}).`,
  });
  return null;
}

/** `includeFiles` / `excludeFiles`: a glob or an array of non-empty globs, as an array. */
export function checkGlobs(
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

/** Reports array items that are not non-empty strings; whether all were. */
export function checkStringItems(
  reporter: ServiceReporter,
  key: ServiceField,
  value: unknown,
): boolean {
  if (!Array.isArray(value)) return true;
  const spec: FieldSpec = SERVICE_FIELDS[key];
  const max = spec.maxLength ?? Number.POSITIVE_INFINITY;
  let ok = true;
  value.forEach((item, index) => {
    if (typeof item === 'string' && item !== '' && item.length <= max) return;
    if (typeof item === 'string' && item.length > max) {
      reporter.report(
        'CONFIG_VALUE_TOO_LONG',
        `item ${index} of "${key}" of service "${reporter.name}" is ${item.length} characters long; at most ${max} are accepted.`,
        {
          field: [key, index],
          value: item,
          expected: `at most ${max} characters`,
          hint: `Shorten item ${index} of "${key}" to ${max} characters or fewer.`,
        },
      );
    } else reportBadItem(reporter, [key, index], item, 'a non-empty string');
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

/** `value` made relative and kept inside the project, for hints (`/srv/api` → `srv/api`). */
function insideProject(value: string): string {
  const parts = value
    .replace(/\\/g, '/')
    .replace(/^[A-Za-z]:/, '')
    .split('/')
    .filter((part) => part !== '' && part !== '.' && part !== '..');
  return parts.length === 0 ? '.' : parts.join('/');
}
