import { describeValue } from './check-field-types.js';
import type { ConfigDocument } from './config-document.js';
import type { JsonPath } from './json-pointer.js';
import { nearestMatch } from './nearest-match.js';
import { createServiceReporter, type ServiceReporter } from './service-reporter.js';
import type { Problem, ServiceType } from './types.js';

/** One `env` entry that asks for another service's URL. */
export interface ServiceRef {
  /** The environment variable that receives the URL. */
  variable: string;
  /** The service whose URL it receives. */
  service: string;
  /** Where the service's name is written, below the service's object. */
  at: JsonPath;
}

/** What an env ref may point at: a declared service and its type. */
export interface RefTarget {
  name: string;
  type: ServiceType;
}

/** An environment variable name (reference §2.3 item 15). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REF_KEYS = ['type', 'service'];
const EXAMPLE = '"env": { "API_URL": { "type": "service-ref", "service": "api" } }';

/**
 * Checks a service's `env` in the order of reference/vercel-services.md §2.3 item 15:
 * an object; names that are environment variable names; values that are objects of
 * type `service-ref` naming a service. Returns the well-formed refs.
 */
export function checkEnvRefs(reporter: ServiceReporter, env: unknown): ServiceRef[] {
  if (env === undefined) return [];
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    reporter.report(
      'INVALID_ENV_VARS',
      `"env" of service "${reporter.name}" is ${describeValue(env)}, not an object.`,
      {
        field: ['env'],
        value: env,
        expected: 'an object mapping variable names to service refs',
        hint: `Write ${EXAMPLE}.`,
      },
    );
    return [];
  }

  const refs: ServiceRef[] = [];
  for (const [variable, value] of Object.entries(env as Record<string, unknown>)) {
    const field = ['env', variable];
    if (!ENV_NAME.test(variable)) {
      reporter.report(
        'INVALID_ENV_VAR_NAME',
        `Environment variable name ${JSON.stringify(variable)} of service "${reporter.name}" is not allowed.`,
        {
          field,
          part: 'key',
          value: variable,
          expected: 'a letter or "_", then letters, digits or "_"',
          hint: `Rename it, e.g. to "${variable.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_')}".`,
        },
      );
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      reporter.report(
        'INVALID_ENV_VAR',
        `"env.${variable}" of service "${reporter.name}" is ${describeValue(value)}, not a service ref.`,
        {
          field,
          value,
          expected: '{ "type": "service-ref", "service": NAME }',
          hint: `Write "${variable}": { "type": "service-ref", "service": "api" }; plain values belong in the project's environment variables.`,
        },
      );
      continue;
    }
    const ref = value as Record<string, unknown>;
    let ok = true;
    for (const key of Object.keys(ref).filter((key) => !REF_KEYS.includes(key))) {
      const suggestion = nearestMatch(key, REF_KEYS);
      reporter.report(
        'CONFIG_UNKNOWN_FIELD',
        `"env.${variable}" of service "${reporter.name}" has an unknown key "${key}".`,
        {
          field: [...field, key],
          part: 'key',
          value: key,
          expected: 'type, service',
          suggestion,
          hint: suggestion ? `Rename "${key}" to "${suggestion}".` : `Remove "${key}".`,
        },
      );
      ok = false;
    }
    if (ref.type !== 'service-ref') {
      reporter.report(
        'INVALID_ENV_VAR_TYPE',
        `"env.${variable}.type" of service "${reporter.name}" is ${describeValue(ref.type ?? null)}, not "service-ref".`,
        {
          field: ref.type === undefined ? field : [...field, 'type'],
          value: ref.type ?? null,
          expected: '"service-ref"',
          hint: `Write "type": "service-ref" in "env.${variable}".`,
        },
      );
      ok = false;
    }
    if (typeof ref.service !== 'string' || ref.service === '') {
      reporter.report(
        'INVALID_ENV_VAR_REF',
        `"env.${variable}" of service "${reporter.name}" names no service.`,
        {
          field: ref.service === undefined ? field : [...field, 'service'],
          value: ref.service ?? null,
          expected: 'the name of a web service in this config',
          hint: `Add "service": the web service whose URL "${variable}" should hold.`,
        },
      );
      ok = false;
    }
    if (ok) refs.push({ variable, service: ref.service as string, at: [...field, 'service'] });
  }
  return refs;
}

/**
 * The cross-service checks of reference/vercel-services.md §2.3 items 27–28: an env ref
 * must name a declared service (`UNKNOWN_SERVICE_REF`) that is a web service, since only
 * web services have a URL (`INVALID_SERVICE_REF_TYPE`). Returns the problems and the
 * services that got one.
 */
export function checkServiceRefs(
  document: ConfigDocument,
  services: readonly { name: string; path: JsonPath; env: ServiceRef[] }[],
  targets: readonly RefTarget[],
  unknownCode: 'UNKNOWN_SERVICE_REF' | 'SERVICES_BINDING_UNKNOWN_SERVICE' = 'UNKNOWN_SERVICE_REF',
): { problems: Problem[]; services: Set<string> } {
  const problems: Problem[] = [];
  const failed = new Set<string>();
  const names = targets.map((target) => target.name);
  for (const service of services) {
    const reporter = createServiceReporter(document, service.name, service.path);
    for (const ref of service.env) {
      const field = ref.at;
      const what = ref.at[0] === 'bindings' ? `Binding ${ref.at[1]}` : `"env.${ref.variable}"`;
      const target = targets.find((item) => item.name === ref.service);
      if (!target) {
        const suggestion = nearestMatch(ref.service, names);
        reporter.report(
          unknownCode,
          `${what} of service "${service.name}" refers to service "${ref.service}", which is not declared.`,
          {
            field,
            value: ref.service,
            expected: `one of ${names.join(', ')}`,
            suggestion,
            hint: suggestion
              ? `Write "service": "${suggestion}".`
              : `Declare "${ref.service}" or name one of ${names.join(', ')}.`,
          },
        );
      } else if (target.type !== 'web') {
        const web = targets.filter((item) => item.type === 'web').map((item) => item.name);
        reporter.report(
          'INVALID_SERVICE_REF_TYPE',
          `${what} of service "${service.name}" refers to ${target.type} service "${ref.service}", which has no URL.`,
          {
            field,
            value: ref.service,
            expected: web.length > 0 ? `a web service: ${web.join(', ')}` : 'a web service',
            hint: `Point "${ref.variable}" at a web service, or remove it.`,
          },
        );
      }
    }
    if (reporter.problems.length > 0) failed.add(service.name);
    problems.push(...reporter.problems);
  }
  return { problems, services: failed };
}
