import { checkDuplicatePrefixes } from './check-duplicate-prefixes.js';
import { checkServiceRefs } from './check-env-refs.js';
import { uniqueNameSuggestions } from './check-name-suggestions.js';
import { checkServiceNameCase } from './check-service-name-case.js';
import type { ConfigDocument } from './config-document.js';
import { readServiceEntries } from './read-service-entries.js';
import { readServiceRewrites, rewritePrefix } from './read-service-rewrites.js';
import type { Problem } from './types.js';
import { validateRootService } from './validate-root-service.js';
import {
  type ServiceConfig,
  type ValidateServiceResult,
  validateService,
} from './validate-service.js';

/** One declared service after the static checks. */
export interface ValidatedService extends ValidateServiceResult {
  name: string;
}

/** What {@link validateConfig} found in the whole config. */
export interface ValidateConfigResult {
  dialect: 'experimentalServices' | 'services';
  /** Every declared service, in the file's order. */
  services: ValidatedService[];
  /** Every static problem: top-level, per service and across services. */
  problems: Problem[];
  /** What is wrong but leaves the config usable (duplicate keys). */
  warnings: Problem[];
  /** Names of the services that have a problem and so must not be returned. */
  failed: Set<string>;
  /** Whether the problems leave no services to look at. */
  fatal: boolean;
}

/**
 * Runs every check that needs no file but the config: the top-level rules, each
 * service's fields (either dialect), then the rules across services (duplicate prefixes,
 * env refs, rewrites to services). All problems come back together, their hints in the
 * file's syntax.
 */
export function validateConfig(document: ConfigDocument): ValidateConfigResult {
  const read = readServiceEntries(document);
  const problems = [...read.problems, ...document.errors.map((item) => item.problem)];
  if (read.fatal) {
    return {
      dialect: read.dialect,
      services: [],
      problems: problems.map((item) => document.restyle(item)),
      warnings: document.warnings,
      failed: new Set(),
      fatal: true,
    };
  }

  const services: ValidatedService[] = read.entries.map(([name, value]) => ({
    name,
    ...(read.dialect === 'services'
      ? validateRootService(document, read.key, name, value)
      : validateService(document, name, value)),
  }));
  const configs = services.flatMap((entry) => (entry.config ? [entry.config] : []));
  const failed = new Set([
    ...services.filter((entry) => entry.problems.length > 0).map((entry) => entry.name),
    ...document.errors.map((item) => item.service),
  ]);
  const serviceProblems = services.flatMap((entry) => entry.problems);
  uniqueNameSuggestions(
    serviceProblems,
    read.entries.map(([name]) => name),
    read.dialect === 'services',
  );
  problems.push(...serviceProblems);

  const across =
    read.dialect === 'services'
      ? [
          ...routeByRewrites(
            document,
            configs,
            read.entries.map(([name]) => name),
          ),
          checkServiceRefs(document, configs, configs, 'SERVICES_BINDING_UNKNOWN_SERVICE'),
        ]
      : [
          checkServiceNameCase(
            document,
            read.entries.map(([name]) => name),
          ),
          checkDuplicatePrefixes(document, configs),
          checkServiceRefs(document, configs, configs),
        ];
  for (const check of across) {
    problems.push(...check.problems);
    for (const name of check.services) failed.add(name);
  }
  return {
    dialect: read.dialect,
    services,
    problems: problems.map((item) => document.restyle(item)),
    warnings: document.warnings,
    failed,
    fatal: false,
  };
}

/**
 * Gives each `services` config its rewrites and the prefix they claim (the shortest
 * prefix among its rewrite sources), so that resolution and `routes.json` read them.
 */
function routeByRewrites(
  document: ConfigDocument,
  configs: ServiceConfig[],
  declared: string[],
): { problems: Problem[]; services: Set<string> }[] {
  const read = readServiceRewrites(document, declared);
  for (const config of configs) {
    const rewrites = read.rewrites.get(config.name) ?? [];
    config.rewrites = rewrites;
    let shortest: string | null = null;
    for (const rewrite of rewrites) {
      const prefix = rewritePrefix(rewrite.source);
      if (prefix !== null && (shortest === null || prefix.length < shortest.length)) {
        shortest = prefix;
      }
    }
    // The prefix is written in the top-level rewrites, not below the service, so problems
    // about it point at the service.
    config.routePrefix = shortest;
    config.routePrefixPath = null;
  }
  return [{ problems: read.problems, services: read.failed }];
}
