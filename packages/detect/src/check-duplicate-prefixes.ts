import type { ConfigDocument } from './config-document.js';
import { createServiceReporter } from './service-reporter.js';
import type { Problem } from './types.js';
import type { ServiceConfig } from './validate-service.js';

/**
 * Two web services may not share a normalised prefix (`/api` and `/api/` collide): the
 * later one in the file gets `DUPLICATE_ROUTE_PREFIX`, naming the earlier. Nested
 * prefixes (`/api`, `/api/admin`) are fine: the longer one owns its subtree. Returns
 * the problems and the names of the services that got one.
 */
export function checkDuplicatePrefixes(
  document: ConfigDocument,
  configs: readonly ServiceConfig[],
): { problems: Problem[]; services: Set<string> } {
  const owners = new Map<string, ServiceConfig>();
  const problems: Problem[] = [];
  const services = new Set<string>();
  for (const config of configs) {
    if (config.type !== 'web' || config.routePrefix === null) continue;
    const owner = owners.get(config.routePrefix);
    if (!owner) {
      owners.set(config.routePrefix, config);
      continue;
    }
    const reporter = createServiceReporter(document, config.name);
    reporter.report(
      'DUPLICATE_ROUTE_PREFIX',
      `Services "${owner.name}" and "${config.name}" both use route prefix "${config.routePrefix}".`,
      {
        field: config.routePrefixPath ?? [],
        value: config.routePrefix,
        expected: `a prefix other than "${config.routePrefix}", which "${owner.name}" has`,
        hint: `Give "${config.name}" its own prefix, e.g. "${config.routePrefix === '/' ? '' : config.routePrefix}/${config.name}".`,
      },
    );
    problems.push(...reporter.problems);
    services.add(config.name);
  }
  return { problems, services };
}
