import { nearestMatch } from './nearest-match.js';
import {
  describeJsonType,
  FIELD_KIND_EXPECTED,
  SERVICE_FIELDS,
  type ServiceField,
} from './service-fields.js';
import type { ServiceReporter } from './service-reporter.js';

/** Reports unknown keys and wrong JSON types; returns the fields whose type is right. */
export function checkFieldTypes(
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

/** `a string ("1024")`, `an empty string`, `an object`: the type, and short values too. */
export function describeValue(value: unknown): string {
  if (value === '') return 'an empty string';
  const text = JSON.stringify(value);
  const short = typeof value !== 'object' && text !== undefined && text.length <= 40;
  return short && value !== null ? `${describeJsonType(value)} (${text})` : describeJsonType(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
