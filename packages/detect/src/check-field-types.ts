import { nearestMatch } from './nearest-match.js';
import {
  describeExpected,
  describeJsonType,
  type FieldSpec,
  SERVICE_FIELDS,
} from './service-fields.js';
import type { ServiceReporter } from './service-reporter.js';
import type { ServiceType } from './types.js';

/** The fields whose JSON type was right, by key. */
export type CheckedFields = Partial<Record<string, unknown>>;

/** Fields whose wrong type has a Vercel code of its own, checked by their own readers. */
const OWN_CHECKS = new Set(['mount', 'env', 'bindings', 'any']);

/**
 * Reports unknown keys (with the nearest known one), values of the wrong JSON type and
 * strings longer than Vercel accepts, as Vercel's schema does before its resolver runs.
 * Returns the fields whose type is right; `fieldTable` is the dialect's table.
 */
export function checkFieldTypes(
  reporter: ServiceReporter,
  value: Record<string, unknown>,
  fieldTable: Readonly<Record<string, FieldSpec>> = SERVICE_FIELDS,
): CheckedFields {
  const known = Object.keys(fieldTable);
  const fields: CheckedFields = {};
  for (const [key, field] of Object.entries(value)) {
    const spec = fieldTable[key];
    if (spec === undefined) {
      const suggestion = nearestMatch(key, known);
      reporter.report(
        'CONFIG_UNKNOWN_FIELD',
        `Service "${reporter.name}" has an unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        {
          field: [key],
          part: 'key',
          value: key,
          expected: `one of ${known.join(', ')}`,
          suggestion,
          hint: suggestion ? `Rename "${key}" to "${suggestion}".` : `Remove "${key}".`,
        },
      );
      continue;
    }
    if (OWN_CHECKS.has(spec.kind)) {
      fields[key] = field;
      continue;
    }
    if (!hasKind(field, spec)) {
      const expected = describeExpected(spec);
      reporter.report(
        'CONFIG_INVALID_FIELD_TYPE',
        `"${key}" of service "${reporter.name}" is ${describeValue(field)}, not ${expected}.`,
        {
          field: [key],
          value: field,
          expected,
          hint: `Write "${key}": ${example(key, spec, field)}.`,
        },
      );
      continue;
    }
    if (typeof field === 'string' && spec.maxLength && field.length > spec.maxLength) {
      reporter.report(
        'CONFIG_VALUE_TOO_LONG',
        `"${key}" of service "${reporter.name}" is ${field.length} characters long; at most ${spec.maxLength} are accepted.`,
        {
          field: [key],
          value: field,
          expected: `at most ${spec.maxLength} characters`,
          hint: `Shorten "${key}" to ${spec.maxLength} characters or fewer.`,
        },
      );
      continue;
    }
    fields[key] = field;
  }
  return fields;
}

/**
 * Reports fields set on a service type that does not take them (`schedule` on a web
 * service, `topics` on a cron). The routing fields are left to the routing checks,
 * which have Vercel's codes for this.
 */
export function checkFieldsForType(
  reporter: ServiceReporter,
  type: ServiceType,
  fields: CheckedFields,
  fieldTable: Readonly<Record<string, FieldSpec>> = SERVICE_FIELDS,
): void {
  for (const key of Object.keys(fields)) {
    const types = fieldTable[key]?.types;
    if (!types || types.includes(type) || ROUTING.has(key)) continue;
    reporter.report(
      'CONFIG_FIELD_NOT_FOR_TYPE',
      `"${key}" is set on ${type} service "${reporter.name}", but only ${types.join(' and ')} services take it.`,
      {
        field: [key],
        part: 'key',
        value: type,
        expected: `"${key}" only on ${types.join(' or ')} services`,
        hint: `Remove "${key}", or set "type" to ${types.map((item) => `"${item}"`).join(' or ')}.`,
      },
    );
  }
}

const ROUTING = new Set(['routePrefix', 'mount', 'subdomain']);

function hasKind(value: unknown, spec: FieldSpec): boolean {
  switch (spec.kind) {
    case 'text':
    case 'enum':
      return typeof value === 'string' && value !== '';
    case 'prefix':
      return typeof value === 'string';
    case 'strings':
    case 'schedule':
      return typeof value === 'string' || Array.isArray(value);
    case 'integer':
      return typeof value === 'number';
    case 'topics':
      return Array.isArray(value);
    default:
      return true;
  }
}

/** What to write instead of `given`: the value itself when it only has the wrong type. */
function example(key: string, spec: FieldSpec, given: unknown): string {
  switch (spec.kind) {
    case 'enum':
      return JSON.stringify(spec.default ?? spec.values?.[0] ?? '');
    case 'integer': {
      const number = typeof given === 'string' ? Number(given) : Number.NaN;
      const fits =
        Number.isInteger(number) &&
        number >= (spec.minimum ?? number) &&
        number <= (spec.maximum ?? number);
      return String(fits ? number : spec.minimum === 128 ? 1024 : 60);
    }
    case 'strings':
      return key === 'command' ? '["node", "server.js"]' : '["data/**"]';
    case 'schedule':
      return '"0 3 * * *"';
    case 'topics':
      return typeof given === 'string' && given !== '' ? JSON.stringify([given]) : '["default"]';
    case 'prefix':
      return '"/api"';
    default:
      if (typeof given === 'number' || typeof given === 'boolean') return `"${given}"`;
      return key === 'entrypoint' || key === 'root' ? '"apps/web"' : '"…"';
  }
}

/** `a string ("1024")`, `an empty string`, `an object`: the type, and short values too. */
export function describeValue(value: unknown): string {
  if (value === '') return 'an empty string';
  const text = JSON.stringify(value);
  const short = typeof value !== 'object' && text !== undefined && text.length <= 40;
  return short && value !== null ? `${describeJsonType(value)} (${text})` : describeJsonType(value);
}
