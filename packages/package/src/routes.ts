import type { ResolvedService } from '@svcpack/detect';

/** One entry of `routes.json` (SPEC §3.2), in its key order. */
export interface Route {
  /** Regex on the request pathname; valid in JavaScript and PCRE. */
  src: string;
  service: string;
  routePrefix: string;
  stripPrefix: boolean;
}

/** The document written to `<out>/routes.json`. */
export interface RoutesFile {
  schemaVersion: 1;
  routes: Route[];
}

/** What {@link buildRoutes} needs of a service. */
export type RoutableService = Pick<
  ResolvedService,
  'name' | 'type' | 'routePrefix' | 'stripPrefix' | 'rewrites'
>;

/**
 * Builds `routes.json` for every web service that has a prefix. Routes are ordered so that
 * the first match wins: longest prefix first, ties by name, the root service last. Each
 * route guards its own prefix with a positive lookahead and refuses the prefixes nested
 * inside it (the root refuses every other prefix) with negative lookaheads, so `/api` never
 * swallows `/api/admin` and `/api/go` never takes `/api/goo`.
 */
export function buildRoutes(services: readonly RoutableService[]): RoutesFile {
  if (services.some((service) => service.rewrites !== undefined))
    return buildRewriteRoutes(services);
  const routed = services
    .filter((service) => service.type === 'web' && service.routePrefix !== null)
    .map((service) => ({ ...service, routePrefix: service.routePrefix as string }))
    .sort(compareRouteOrder);

  const routes = routed.map((service): Route => {
    const prefix = service.routePrefix;
    const isRoot = prefix === '/';
    const others = routed.filter((other) => other !== service).map((other) => other.routePrefix);
    const refused = isRoot ? others : others.filter((other) => isNestedIn(other, prefix));
    const guard = isRoot ? '' : `(?=${segment(prefix)})`;
    const body = isRoot ? '(?:/(.*))' : `(?:${escapeRegExp(prefix)}(?:/.*)?$)`;
    const src = `^${guard}${refused.map(refuse).join('')}${body}`;
    return { src, service: service.name, routePrefix: prefix, stripPrefix: service.stripPrefix };
  });

  return { schemaVersion: 1, routes };
}

/**
 * `routes.json` of the `services` dialect (SPEC §1.2): one route per top-level rewrite to
 * a service, in the config's order, since that is the order Vercel tries them (first
 * match wins). Each `src` is the rewrite's source as Vercel compiles it; nothing is
 * stripped. `routePrefix` is the prefix the service's rewrites claim, or `/` when they
 * claim none (a pattern such as `/users/:id`).
 */
function buildRewriteRoutes(services: readonly RoutableService[]): RoutesFile {
  const routes = services
    .flatMap((service) => (service.rewrites ?? []).map((rewrite) => ({ rewrite, service })))
    .sort((a, b) => a.rewrite.index - b.rewrite.index)
    .map(
      ({ rewrite, service }): Route => ({
        src: rewrite.src,
        service: service.name,
        routePrefix: service.routePrefix ?? '/',
        stripPrefix: false,
      }),
    );
  return { schemaVersion: 1, routes };
}

/** Escapes the characters `\^$.*+?()[]{}|` of a prefix for use in a route regex. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function compareRouteOrder(
  a: { name: string; routePrefix: string },
  b: { name: string; routePrefix: string },
): number {
  const aRoot = a.routePrefix === '/';
  const bRoot = b.routePrefix === '/';
  if (aRoot !== bRoot) return aRoot ? 1 : -1;
  return (
    b.routePrefix.length - a.routePrefix.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/** Whether `inner` is a prefix strictly below `outer` by whole segments. */
function isNestedIn(inner: string, outer: string): boolean {
  return inner.startsWith(`${outer}/`);
}

/** The prefix as a whole path segment: followed by `/` or the end. */
function segment(prefix: string): string {
  return `${escapeRegExp(prefix)}(?:/|$)`;
}

function refuse(prefix: string): string {
  return `(?!${segment(prefix)})`;
}
