import { parse, pathToRegexp } from 'path-to-regexp';
import { describeValue } from './check-field-types.js';
import type { ConfigDocument } from './config-document.js';
import { type ErrorCode, problem } from './errors.js';
import type { JsonPath } from './json-pointer.js';
import { nearestMatch } from './nearest-match.js';
import { normalizeRoutePrefix } from './normalize-route-prefix.js';
import type { Problem, ServiceRewrite } from './types.js';

/** The service rewrites of a `services` config, by destination service. */
export interface ReadServiceRewritesResult {
  rewrites: Map<string, ServiceRewrite[]>;
  problems: Problem[];
  /** Services with a broken rewrite: their routes would be incomplete. */
  failed: Set<string>;
}

const DESTINATION_KEYS = ['type', 'service', 'path'];

/**
 * Reads the top-level `rewrites` whose `destination` is `{ "service": NAME }` (SPEC
 * §1.2). Each source is compiled as Vercel compiles it (path-to-regexp 6, strict,
 * case-sensitive, `/` as delimiter). What `routes.json` cannot express (a destination
 * `path`, `has`/`missing` conditions, `continue`) is an error rather than a silently
 * different routing. Rewrites to a URL are Vercel's business and are not read.
 */
export function readServiceRewrites(
  document: ConfigDocument,
  declared: readonly string[],
): ReadServiceRewritesResult {
  const result: ReadServiceRewritesResult = {
    rewrites: new Map(),
    problems: [],
    failed: new Set(),
  };
  const list = document.value.rewrites;
  if (list === undefined) return result;
  const report = (code: ErrorCode, path: JsonPath, message: string, details: Details) => {
    result.problems.push(problem(code, message, { ...details, ...document.locate(path) }));
  };
  if (!Array.isArray(list)) {
    report(
      'CONFIG_INVALID_REWRITE',
      ['rewrites'],
      `"rewrites" is ${describeValue(list)}, not an array.`,
      {
        value: list,
        expected: 'an array of { "source", "destination" }',
        hint: 'Write "rewrites": [{ "source": "/api/(.*)", "destination": { "service": "api" } }].',
      },
    );
    return result;
  }

  list.forEach((item: unknown, index) => {
    if (!isObject(item) || !isObject(item.destination)) return;
    const at = ['rewrites', index];
    const destination = item.destination;
    const service = destination.service;
    const problems = result.problems.length;
    if (typeof service !== 'string' || !declared.includes(service)) {
      const suggestion = typeof service === 'string' ? nearestMatch(service, declared) : null;
      report(
        'CONFIG_REWRITE_UNKNOWN_SERVICE',
        [...at, 'destination', 'service'],
        `Rewrite ${index} sends to service ${JSON.stringify(service ?? null)}, which is not declared in "services".`,
        {
          value: service ?? null,
          expected: `one of ${declared.join(', ')}`,
          suggestion,
          hint: suggestion
            ? `Write "service": "${suggestion}".`
            : `Declare the service under "services", or send to one of ${declared.join(', ')}.`,
        },
      );
      return;
    }
    for (const key of Object.keys(destination)) {
      if (key === 'path' || !DESTINATION_KEYS.includes(key)) {
        report(
          'CONFIG_INVALID_REWRITE',
          [...at, 'destination', key],
          `Rewrite ${index} to service "${service}" has a destination "${key}", which routes.json cannot express.`,
          {
            value: destination[key],
            expected: 'a destination of { "service" } only',
            hint: `Remove "${key}": the service receives the request path unchanged.`,
          },
        );
      }
    }
    if (destination.type !== undefined && destination.type !== 'service') {
      report(
        'CONFIG_INVALID_REWRITE',
        [...at, 'destination', 'type'],
        `Rewrite ${index} has destination type ${JSON.stringify(destination.type)}.`,
        {
          value: destination.type,
          expected: '"service"',
          hint: 'Write "type": "service", or leave "type" out.',
        },
      );
    }
    for (const key of ['has', 'missing', 'continue'] as const) {
      if (item[key] === undefined || (key === 'continue' && item[key] === false)) continue;
      report(
        'CONFIG_INVALID_REWRITE',
        [...at, key],
        `Rewrite ${index} to service "${service}" sets "${key}", which routes.json cannot express.`,
        {
          value: item[key],
          expected: 'a rewrite of "source" and "destination" only',
          hint:
            key === 'continue'
              ? 'Remove "continue": a rewrite to a service is final.'
              : `Remove "${key}", or route on the path alone.`,
        },
      );
    }
    const src = compileSource(item.source);
    if (typeof src !== 'string') {
      report(
        'CONFIG_INVALID_REWRITE',
        [...at, 'source'],
        `Source ${JSON.stringify(item.source ?? null)} of rewrite ${index} is not a path pattern: ${src.reason}.`,
        {
          value: item.source ?? null,
          expected: 'a path pattern starting with "/", such as "/api/(.*)" or "/api/:path*"',
          hint: 'Write "source": "/api/(.*)" (or "/(.*)" for every path).',
        },
      );
    }
    if (result.problems.length > problems || typeof src !== 'string') {
      result.failed.add(service);
      return;
    }
    const entry = { index, source: item.source as string, src };
    result.rewrites.set(service, [...(result.rewrites.get(service) ?? []), entry]);
  });
  return result;
}

/**
 * The prefix a rewrite source claims: its literal path when it is the literal alone, or
 * the literal followed by one catch-all segment (`/api/(.*)`, `/api/:path*`); `null`
 * for any other pattern (`/api/:id/users`, `/api(.*)`).
 */
export function rewritePrefix(source: string): string | null {
  let tokens: ReturnType<typeof parse>;
  try {
    tokens = parse(source, { delimiter: '/' });
  } catch {
    return null;
  }
  const [first, second, ...rest] = tokens;
  const literal = typeof first === 'string' ? first : '';
  const tail = typeof first === 'string' ? second : first;
  const extra = typeof first === 'string' ? rest : [second, ...rest].filter(Boolean);
  if (extra.length > 0) return null;
  if (tail !== undefined) {
    if (typeof tail === 'string' || tail.prefix !== '/' || tail.suffix !== '') return null;
    if (tail.pattern !== '.*' && tail.modifier !== '*') return null;
  }
  const normal = normalizeRoutePrefix(literal === '' ? '/' : literal);
  return normal.ok ? normal.prefix : null;
}

interface Details {
  value: unknown;
  expected: string;
  hint: string;
  suggestion?: string | null;
}

function compileSource(source: unknown): string | { reason: string } {
  if (typeof source !== 'string') return { reason: `it is ${describeValue(source ?? null)}` };
  if (!source.startsWith('/')) return { reason: 'it does not start with "/"' };
  try {
    return pathToRegexp(source, [], { strict: true, sensitive: true, delimiter: '/' }).source;
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
