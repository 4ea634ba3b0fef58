import type { ConfigDocument } from './config-document.js';
import { problem } from './errors.js';
import type { Problem } from './types.js';

/** The services a config declares, and its top-level problems. */
export interface ReadServiceEntriesResult {
  /** `[name, config]` in the file's order. */
  entries: [name: string, value: unknown][];
  problems: Problem[];
  /** Whether the problems leave no services to look at. */
  fatal: boolean;
}

const EXAMPLE =
  '{ "experimentalServices": { "web": { "entrypoint": "apps/web", "routePrefix": "/" } } }';

/**
 * Reads `experimentalServices` and checks what may sit beside it
 * (reference/vercel-services.md §2.1): not `builds`, top-level `functions` or the newer
 * `services`. Other top-level keys (`$schema`, `headers`, `regions`, …) are left alone.
 */
export function readServiceEntries(document: ConfigDocument): ReadServiceEntriesResult {
  const { file, value } = document;
  const services = value.experimentalServices;
  const problems: Problem[] = [];

  if (services === undefined) {
    const newer = value.services !== undefined;
    const message = newer
      ? `${file} declares "services", the newer dialect, which svcpack does not read yet.`
      : `${file} declares no "experimentalServices".`;
    problems.push(
      problem('CONFIG_NO_SERVICES', message, {
        ...(newer ? document.locate(['services'], 'key') : { file }),
        expected: '"experimentalServices": a map from service name to service config',
        hint: `Declare the services, e.g. ${EXAMPLE}.`,
      }),
    );
    return { entries: [], problems, fatal: true };
  }
  if (typeof services !== 'object' || services === null || Array.isArray(services)) {
    problems.push(
      problem('CONFIG_INVALID_SERVICES', `"experimentalServices" in ${file} is not an object.`, {
        ...document.locate(['experimentalServices']),
        value: services,
        expected: 'an object mapping service names to configs',
        hint: `Write it as ${EXAMPLE}.`,
      }),
    );
    return { entries: [], problems, fatal: true };
  }
  const entries = Object.entries(services as Record<string, unknown>);
  if (entries.length === 0) {
    problems.push(
      problem('CONFIG_NO_SERVICES', `"experimentalServices" in ${file} is empty.`, {
        ...document.locate(['experimentalServices']),
        value: services,
        expected: 'at least one service',
        hint: `Add a service, e.g. ${EXAMPLE}.`,
      }),
    );
    return { entries, problems, fatal: true };
  }

  const conflicts = [
    [
      'builds',
      'EXPERIMENTAL_SERVICES_AND_BUILDS',
      'Move each build into a service and remove "builds".',
    ],
    [
      'functions',
      'EXPERIMENTAL_SERVICES_AND_FUNCTIONS',
      'Set memory and maxDuration on the services and remove "functions".',
    ],
    [
      'services',
      'SERVICES_AND_EXPERIMENTAL_SERVICES',
      'Keep one of "services" and "experimentalServices".',
    ],
  ] as const;
  for (const [key, code, hint] of conflicts) {
    if (value[key] === undefined) continue;
    const message = `${file} sets "${key}" together with "experimentalServices".`;
    problems.push(
      problem(code, message, {
        ...document.locate([key], 'key'),
        hint,
        expected: `"experimentalServices" without "${key}"`,
      }),
    );
  }
  return { entries, problems, fatal: false };
}
