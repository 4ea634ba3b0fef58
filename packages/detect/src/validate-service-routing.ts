import type { CheckedFields } from './check-field-types.js';
import { describeValue } from './check-field-types.js';
import type { JsonPath } from './json-pointer.js';
import { nearestMatch } from './nearest-match.js';
import {
  normalizeRoutePrefix,
  ROUTE_PREFIX_FORM,
  suggestRoutePrefix,
} from './normalize-route-prefix.js';
import { LIMITS } from './service-fields.js';
import type { ServiceReporter } from './service-reporter.js';
import type { ServiceType } from './types.js';

/** Where a service is reachable: its normalised prefix and subdomain. */
export interface ServiceRouting {
  routePrefix: string | null;
  routePrefixPath: JsonPath | null;
  subdomain: string | null;
}

/** One DNS label: letters, digits and inner hyphens, 1–63 characters. */
export const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

const MOUNT_KEYS = ['path', 'subdomain'];

/**
 * Checks `routePrefix`, `subdomain` and their alias `mount` (string or `{ path,
 * subdomain }`): a web service needs a prefix or a subdomain; cron, worker and job
 * services take neither (reference/vercel-services.md §2.3 items 3–8). With a broken
 * `type` (`null`) only the prefix's own form is checked.
 */
export function validateServiceRouting(
  reporter: ServiceReporter,
  type: ServiceType | null,
  fields: CheckedFields,
): ServiceRouting {
  const mount = readMount(reporter, fields);
  const prefix = mount?.path ?? given(fields, 'routePrefix');
  const subdomain = mount?.subdomain ?? given(fields, 'subdomain');
  const routing: ServiceRouting = { routePrefix: null, routePrefixPath: null, subdomain: null };

  if (type !== 'web' && type !== null) {
    if (prefix) {
      reporter.report(
        'INVALID_ROUTE_PREFIX',
        `${capitalize(type)} service "${reporter.name}" has a route prefix, but only web services are routed.`,
        {
          field: prefix.field,
          value: prefix.value,
          expected: 'no routePrefix or mount path on a cron, worker or job service',
          hint: `Remove ${quoteField(prefix.field)}: a ${type} service is not routed (or drop "type" to make "${reporter.name}" a web service).`,
        },
      );
    }
    if (subdomain) {
      reporter.report(
        'INVALID_HOST_ROUTING_CONFIG',
        `${capitalize(type)} service "${reporter.name}" has a subdomain, but only web services are routed.`,
        {
          field: subdomain.field,
          value: subdomain.value,
          expected: 'no subdomain on a cron, worker or job service',
          hint: `Remove ${quoteField(subdomain.field)}: a ${type} service is not routed.`,
        },
      );
    }
    return routing;
  }

  if (
    type === 'web' &&
    !prefix &&
    !subdomain &&
    !reporter.broken.has('routePrefix') &&
    !reporter.broken.has('mount') &&
    !reporter.broken.has('subdomain')
  ) {
    reporter.report('MISSING_ROUTE_PREFIX', `Web service "${reporter.name}" has no routePrefix.`, {
      expected: 'a "routePrefix" such as "/" or "/api" (or a "mount" or "subdomain")',
      hint: `Add "routePrefix": "/${reporter.name}" (or "/" for the site's root).`,
    });
  }
  if (prefix && prefix.value.length > LIMITS.path) {
    reporter.report(
      'CONFIG_VALUE_TOO_LONG',
      `${quoteField(prefix.field)} of service "${reporter.name}" is ${prefix.value.length} characters long; at most ${LIMITS.path} are accepted.`,
      {
        field: prefix.field,
        value: prefix.value,
        expected: `at most ${LIMITS.path} characters`,
        hint: `Shorten ${quoteField(prefix.field)} to ${LIMITS.path} characters or fewer.`,
      },
    );
  } else if (prefix) {
    const result = normalizeRoutePrefix(prefix.value);
    if (result.ok) {
      routing.routePrefix = result.prefix;
      routing.routePrefixPath = prefix.field;
    } else {
      reporter.report(
        result.code,
        `Route prefix ${JSON.stringify(prefix.value)} of service "${reporter.name}" is not allowed: ${result.reason}.`,
        {
          field: prefix.field,
          value: prefix.value,
          expected: ROUTE_PREFIX_FORM,
          suggestion: suggestRoutePrefix(prefix.value),
          hint: `Write ${quoteField(prefix.field)}: "${suggestRoutePrefix(prefix.value)}"${result.code === 'RESERVED_ROUTE_PREFIX' ? ' (/_svc is internal)' : ''}.`,
        },
      );
    }
  }
  if (subdomain) {
    if (DNS_LABEL.test(subdomain.value)) routing.subdomain = subdomain.value.toLowerCase();
    else {
      reporter.report(
        'INVALID_SUBDOMAIN',
        `Subdomain ${JSON.stringify(subdomain.value)} of service "${reporter.name}" is not one DNS label.`,
        {
          field: subdomain.field,
          value: subdomain.value,
          expected: '1–63 letters, digits or inner hyphens, without dots',
          suggestion: suggestSubdomain(subdomain.value),
          hint: `Write ${quoteField(subdomain.field)}: "${suggestSubdomain(subdomain.value)}" (one label, no dots).`,
        },
      );
    }
  }
  return routing;
}

interface Given {
  value: string;
  field: JsonPath;
}

function given(fields: CheckedFields, key: 'routePrefix' | 'subdomain'): Given | null {
  const value = fields[key];
  return typeof value === 'string' ? { value, field: [key] } : null;
}

/** Reads `mount`; reports it mixed with `routePrefix`/`subdomain` or malformed. */
function readMount(
  reporter: ServiceReporter,
  fields: CheckedFields,
): { path: Given | null; subdomain: Given | null } | null {
  const mount = fields.mount;
  if (mount === undefined) return null;
  if (fields.routePrefix !== undefined || fields.subdomain !== undefined) {
    reporter.report(
      'CONFLICTING_MOUNT_CONFIG',
      `Service "${reporter.name}" sets "mount" together with "routePrefix" or "subdomain".`,
      {
        field: ['mount'],
        part: 'key',
        expected: 'either "mount" or "routePrefix"/"subdomain"',
        hint: 'Keep "mount" and remove "routePrefix" and "subdomain" (or the other way round).',
      },
    );
    return null;
  }
  if (typeof mount === 'string' && mount !== '')
    return { path: { value: mount, field: ['mount'] }, subdomain: null };
  if (typeof mount !== 'object' || mount === null || Array.isArray(mount)) {
    reporter.report(
      'INVALID_MOUNT',
      `"mount" of service "${reporter.name}" is ${describeValue(mount)}, not a path or { path, subdomain }.`,
      {
        field: ['mount'],
        value: mount,
        expected: 'a path string such as "/api", or an object { "path", "subdomain" }',
        hint: 'Write "mount": "/api" or "mount": { "path": "/api", "subdomain": "api" }.',
      },
    );
    return { path: null, subdomain: null };
  }

  const object = mount as Record<string, unknown>;
  const result: { path: Given | null; subdomain: Given | null } = { path: null, subdomain: null };
  for (const [key, value] of Object.entries(object)) {
    if (!MOUNT_KEYS.includes(key)) {
      const suggestion = nearestMatch(key, MOUNT_KEYS);
      reporter.report(
        'INVALID_MOUNT',
        `"mount" of service "${reporter.name}" has an unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
        {
          field: ['mount', key],
          part: 'key',
          value: key,
          expected: 'path, subdomain',
          suggestion,
          hint: suggestion ? `Rename "${key}" to "${suggestion}".` : `Remove "${key}".`,
        },
      );
    } else if (typeof value !== 'string' || value === '') {
      reporter.report(
        'INVALID_MOUNT',
        `"mount.${key}" of service "${reporter.name}" is ${describeValue(value)}, not a non-empty string.`,
        {
          field: ['mount', key],
          value,
          expected: 'a non-empty string',
          hint: `Give "mount.${key}" a string such as ${key === 'path' ? '"/api"' : '"api"'}.`,
        },
      );
    } else {
      result[key as 'path' | 'subdomain'] = { value, field: ['mount', key] };
    }
  }
  if (Object.keys(object).length === 0) {
    reporter.report('INVALID_MOUNT', `"mount" of service "${reporter.name}" is an empty object.`, {
      field: ['mount'],
      value: object,
      expected: 'a path string, or an object with "path" and/or "subdomain"',
      hint: 'Write "mount": "/api" or "mount": { "path": "/api" }.',
    });
  }
  return result;
}

/** `"routePrefix"` or `"mount.path"`: the field as a user finds it in the file. */
function quoteField(field: JsonPath): string {
  return `"${field.join('.')}"`;
}

/** The first label of a host name, cleaned to a DNS label (`API.example` → `api`). */
function suggestSubdomain(value: string): string {
  const label = (value.split('.').find((part) => part !== '') ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label === '' ? 'api' : label;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
