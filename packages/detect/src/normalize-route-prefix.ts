/** What {@link normalizeRoutePrefix} made of a prefix. */
export type RoutePrefixResult =
  | { ok: true; prefix: string }
  | { ok: false; code: 'CONFIG_INVALID_ROUTE_PREFIX' | 'RESERVED_ROUTE_PREFIX'; reason: string };

/** The characters a prefix segment may hold: RFC 3986 "unreserved". */
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/** The form a prefix must take, for messages. */
export const ROUTE_PREFIX_FORM =
  '"/" or "/" followed by segments of letters, digits, "-", ".", "_", "~", outside /_svc';

/**
 * The prefixes {@link normalizeRoutePrefix} accepts, as one regex for the JSON Schema:
 * `/`, or segments of the allowed characters (none `.` or `..`, the first not `_svc`)
 * with an optional leading and one optional trailing `/`. A property test holds the two
 * to the same answer.
 */
export const ROUTE_PREFIX_PATTERN =
  /^(?:\/|\/?(?!_svc(?:\/|$))(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)*\/?)$/;

/**
 * Normalises a route prefix as SPEC §1.1 says (a missing leading `/` is added, one
 * trailing `/` dropped) and checks its segments. `/_svc` and below is svcpack's (and
 * Vercel's) internal namespace.
 */
export function normalizeRoutePrefix(raw: string): RoutePrefixResult {
  if (raw === '') return { ok: false, code: 'CONFIG_INVALID_ROUTE_PREFIX', reason: 'it is empty' };
  let prefix = raw.startsWith('/') ? raw : `/${raw}`;
  // `//` is an empty segment, not the root with its trailing slash dropped.
  if (prefix.startsWith('//')) {
    return {
      ok: false,
      code: 'CONFIG_INVALID_ROUTE_PREFIX',
      reason: 'it has an empty segment ("//")',
    };
  }
  if (prefix.length > 1 && prefix.endsWith('/')) prefix = prefix.slice(0, -1);
  if (prefix === '/') return { ok: true, prefix };

  const segments = prefix.slice(1).split('/');
  for (const segment of segments) {
    const reason =
      segment === ''
        ? 'it has an empty segment ("//")'
        : segment === '.' || segment === '..'
          ? `it has a "${segment}" segment`
          : SEGMENT.test(segment)
            ? null
            : `segment "${segment}" holds ${describeBadCharacters(segment)}`;
    if (reason) return { ok: false, code: 'CONFIG_INVALID_ROUTE_PREFIX', reason };
  }
  if (segments[0] === '_svc') {
    return {
      ok: false,
      code: 'RESERVED_ROUTE_PREFIX',
      reason: '/_svc is reserved for internal routes',
    };
  }
  return { ok: true, prefix };
}

/**
 * A prefix close to `raw` that {@link normalizeRoutePrefix} accepts, for hints: other
 * characters become `-`, empty, `.` and `..` segments go, and a leading `_svc` becomes
 * `svc` (`/api v1//x` → `/api-v1/x`, `/_svc/x` → `/svc/x`).
 */
export function suggestRoutePrefix(raw: string): string {
  const segments = raw
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9._~-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '' && part !== '.' && part !== '..');
  if (segments[0] === '_svc') segments[0] = 'svc';
  return `/${segments.join('/')}`;
}

function describeBadCharacters(segment: string): string {
  const bad = [...new Set([...segment].filter((character) => !SEGMENT.test(character)))];
  return bad.map((character) => JSON.stringify(character)).join(', ');
}
