import { ENV_NAME, type ServiceRef } from './check-env-refs.js';
import { describeValue } from './check-field-types.js';
import { nearestMatch } from './nearest-match.js';
import { LIMITS_BINDINGS } from './service-fields.js';
import type { ServiceReporter } from './service-reporter.js';

const BINDING_KEYS = ['type', 'service', 'format', 'env'];
const EXAMPLE = '"bindings": [{ "service": "api", "format": "url", "env": "API_URL" }]';

/**
 * Checks a `services` service's `bindings` (reference/vercel-services.md §1.2): at most
 * 100 objects of an optional `type` "service", a `service`, `format` "url" and an `env`
 * variable name. A binding asks for the same thing as an `env` service ref of
 * `experimentalServices`, so the well-formed ones come back as refs; whether each names
 * a declared service is checked across services.
 */
export function checkBindings(reporter: ServiceReporter, bindings: unknown): ServiceRef[] {
  if (bindings === undefined) return [];
  if (!Array.isArray(bindings) || bindings.length > LIMITS_BINDINGS.items) {
    reporter.report(
      'CONFIG_INVALID_FIELD_TYPE',
      `"bindings" of service "${reporter.name}" is ${Array.isArray(bindings) ? `an array of ${bindings.length} items` : describeValue(bindings)}, not an array of at most ${LIMITS_BINDINGS.items} bindings.`,
      {
        field: ['bindings'],
        value: bindings,
        expected: `an array of at most ${LIMITS_BINDINGS.items} { "service", "format": "url", "env" }`,
        hint: `Write ${EXAMPLE}.`,
      },
    );
    return [];
  }

  const refs: ServiceRef[] = [];
  bindings.forEach((binding: unknown, index) => {
    const field = ['bindings', index];
    if (typeof binding !== 'object' || binding === null || Array.isArray(binding)) {
      reporter.report(
        'CONFIG_INVALID_FIELD_TYPE',
        `Binding ${index} of service "${reporter.name}" is ${describeValue(binding)}, not an object.`,
        {
          field,
          value: binding,
          expected: '{ "service", "format": "url", "env" }',
          hint: `Write ${EXAMPLE}.`,
        },
      );
      return;
    }
    const item = binding as Record<string, unknown>;
    const before = reporter.problems.length;
    for (const key of Object.keys(item).filter((key) => !BINDING_KEYS.includes(key))) {
      const suggestion = nearestMatch(key, BINDING_KEYS);
      reporter.report(
        'CONFIG_UNKNOWN_FIELD',
        `Binding ${index} of service "${reporter.name}" has an unknown key "${key}".`,
        {
          field: [...field, key],
          part: 'key',
          value: key,
          expected: BINDING_KEYS.join(', '),
          suggestion,
          hint: suggestion ? `Rename "${key}" to "${suggestion}".` : `Remove "${key}".`,
        },
      );
    }
    const wrong = (key: string, expected: string, hint: string) =>
      reporter.report(
        'CONFIG_INVALID_FIELD_TYPE',
        `"${key}" of binding ${index} of service "${reporter.name}" is ${describeValue(item[key] ?? null)}, not ${expected}.`,
        {
          field: item[key] === undefined ? field : [...field, key],
          value: item[key] ?? null,
          expected,
          hint,
        },
      );
    if (item.type !== undefined && item.type !== 'service')
      wrong('type', '"service"', 'Write "type": "service", or leave "type" out.');
    if (item.format !== 'url') wrong('format', '"url"', 'Write "format": "url" (the only format).');
    if (typeof item.service !== 'string' || item.service === '') {
      wrong(
        'service',
        'a service name',
        'Write "service": the name of the service whose URL to bind.',
      );
    }
    if (
      typeof item.env !== 'string' ||
      !ENV_NAME.test(item.env) ||
      item.env.length > LIMITS_BINDINGS.env
    ) {
      const given = typeof item.env === 'string' ? item.env : '';
      reporter.report(
        'INVALID_SERVICE_BINDING_NAME',
        `"env" of binding ${index} of service "${reporter.name}" is ${describeValue(item.env ?? null)}, not an environment variable name.`,
        {
          field: item.env === undefined ? field : [...field, 'env'],
          value: item.env ?? null,
          expected: `a letter or "_", then letters, digits or "_", at most ${LIMITS_BINDINGS.env} characters`,
          hint: `Write "env": "${suggestEnvName(given, item.service)}".`,
        },
      );
    }
    if (reporter.problems.length === before) {
      refs.push({
        variable: item.env as string,
        service: item.service as string,
        at: [...field, 'service'],
      });
    }
  });
  return refs;
}

/** `given` as an environment variable name, else `<SERVICE>_URL` (`self-url` → `SELF_URL`). */
function suggestEnvName(given: string, service: unknown): string {
  const base = given === '' ? `${typeof service === 'string' ? service : 'service'}_url` : given;
  return base
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/^(?=[0-9])/, '_')
    .toUpperCase();
}
