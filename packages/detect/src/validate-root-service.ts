import { checkBindings } from './check-bindings.js';
import { checkEntrypointRuntime } from './check-entrypoint-runtime.js';
import { checkFieldTypes } from './check-field-types.js';
import { checkPath } from './check-field-values.js';
import type { ConfigDocument } from './config-document.js';
import type { ServicesKey } from './read-service-entries.js';
import { ROOT_SERVICE_FIELDS } from './service-fields.js';
import { ROOT_SERVICE_NAME, suggestServiceName } from './service-name.js';
import { createServiceReporter } from './service-reporter.js';
import { RUNTIMES } from './types.js';
import {
  checkEnum,
  checkFramework,
  isServiceObject,
  type ValidateServiceResult,
} from './validate-service.js';

const RESOLUTION_FIELDS = ['', 'entrypoint', 'root', 'framework', 'runtime'];

/** experimentalServices keys whose job the top-level rewrites do in this dialect. */
const ROUTING_KEYS = new Set(['routePrefix', 'mount', 'subdomain']);

/**
 * Runs the static checks of one service of the `services` dialect
 * (reference/vercel-services.md §2.4): the stricter name rule, an object, known keys,
 * a `root` inside the project (`MISSING_ROOT`, `INVALID_ROOT`), runtime and framework.
 * Such a service is always a web service; it is routed by the top-level rewrites, so
 * `routePrefix` and `rewrites` are filled in later, and nothing is prefix-stripped.
 */
export function validateRootService(
  document: ConfigDocument,
  key: ServicesKey,
  name: string,
  value: unknown,
): ValidateServiceResult {
  const reporter = createServiceReporter(document, name, [key, name]);
  if (!ROOT_SERVICE_NAME.test(name)) {
    const suggestion = suggestServiceName(name, true);
    reporter.report(
      'INVALID_SERVICE_NAME',
      `Service name ${JSON.stringify(name)} is not allowed in "${key}".`,
      {
        value: name,
        expected:
          'lower-case letters, "-" and "_", starting and ending with a letter, at most 64 characters (no digits, no upper case)',
        suggestion,
        hint: `Rename the service to "${suggestion}".`,
      },
    );
  }
  if (
    !isServiceObject(reporter, name, value, {
      example: '{ "root": "apps/web" }',
      needs: 'a "root"',
    })
  ) {
    return { config: null, problems: reporter.problems, resolvable: false };
  }

  const fields = checkFieldTypes(reporter, value, ROOT_SERVICE_FIELDS);
  for (const item of reporter.problems) {
    if (item.code === 'CONFIG_UNKNOWN_FIELD' && ROUTING_KEYS.has(item.value as string)) {
      item.expected = 'routing through the top-level "rewrites"';
      item.hint = `Remove "${item.value}" and add a top-level rewrite: { "source": "/${name}/(.*)", "destination": { "service": "${name}" } }.`;
    }
  }
  const text = (field: string) => (fields[field] as string | undefined) ?? null;
  if (fields.root === undefined && !reporter.broken.has('root')) {
    reporter.report('MISSING_ROOT', `Service "${name}" has no "root".`, {
      expected: '"root": the service directory, relative to the project root',
      hint: `Add "root": "${name}" (the directory that holds the service).`,
    });
  }
  const root = checkPath(reporter, 'root', text('root'));
  const runtime = checkEnum(reporter, 'runtime', text('runtime'), RUNTIMES, 'INVALID_RUNTIME');
  const framework = checkFramework(reporter, text('framework'), runtime);
  const entrypoint = checkPath(reporter, 'entrypoint', text('entrypoint'));
  const agrees = checkEntrypointRuntime(reporter, entrypoint, runtime, framework);

  const config = {
    name,
    path: reporter.path,
    dialect: 'services' as const,
    type: 'web' as const,
    root: root ?? '.',
    entrypoint,
    framework: agrees ? framework : null,
    runtime: agrees ? runtime : null,
    builder: null,
    routePrefix: null,
    routePrefixPath: null,
    subdomain: null,
    memory: null,
    maxDuration: null,
    includeFiles: [],
    excludeFiles: [],
    buildCommand: text('buildCommand'),
    installCommand: text('installCommand'),
    trigger: null,
    schedule: [],
    topics: [],
    env: checkBindings(reporter, fields.bindings),
    rewrites: [],
  };
  const resolvable = RESOLUTION_FIELDS.every((field) => !reporter.broken.has(field));
  return { config, problems: reporter.problems, resolvable: resolvable && root !== null };
}
