import type { ConfigDocument } from './config-document.js';
import { createServiceReporter } from './service-reporter.js';
import type { Problem } from './types.js';

/**
 * Two service names that differ only in case (`api`, `API`) package to `services/api` and
 * `services/API`, one directory on a case-insensitive filesystem (macOS, Windows). The
 * later one in the file gets `CONFIG_SERVICE_NAME_CASE_CONFLICT`, naming the earlier.
 * Returns the problems and the names of the services that got one.
 */
export function checkServiceNameCase(
  document: ConfigDocument,
  names: readonly string[],
): { problems: Problem[]; services: Set<string> } {
  const owners = new Map<string, string>();
  const problems: Problem[] = [];
  const services = new Set<string>();
  for (const name of names) {
    const folded = name.toLowerCase();
    const owner = owners.get(folded);
    if (owner === undefined) {
      owners.set(folded, name);
      continue;
    }
    const reporter = createServiceReporter(document, name);
    const first = document.locate(['experimentalServices', owner], 'key');
    reporter.report(
      'CONFIG_SERVICE_NAME_CASE_CONFLICT',
      `Service names "${owner}" (line ${first.line}) and "${name}" differ only in case; their bundles services/${owner} and services/${name} would be one directory on a case-insensitive filesystem.`,
      {
        value: name,
        expected: `a name that differs from "${owner}" in more than case`,
        hint: `Rename "${name}" to a name of its own, e.g. "${name}-2", or merge it into "${owner}" at ${first.file}:${first.line}:${first.column}.`,
      },
    );
    problems.push(...reporter.problems);
    services.add(name);
  }
  return { problems, services };
}
