import type { ConfigDocument } from './config-document.js';
import { type ErrorCode, problem } from './errors.js';
import type { Problem } from './types.js';

/** The key that declared the services, and the dialect it belongs to. */
export type ServicesKey = 'experimentalServices' | 'services' | 'experimentalServicesV2';

/** The services a config declares, and its top-level problems. */
export interface ReadServiceEntriesResult {
  /** `experimentalServices`, or `services` for the newer dialect (and its alias). */
  dialect: 'experimentalServices' | 'services';
  /** The key read. */
  key: ServicesKey;
  /** `[name, config]` in the file's order. */
  entries: [name: string, value: unknown][];
  problems: Problem[];
  /** Whether the problems leave no services to look at. */
  fatal: boolean;
}

const EXAMPLE =
  '{ "experimentalServices": { "web": { "entrypoint": "apps/web", "routePrefix": "/" } } }';

/** Top-level keys that make the owning service ambiguous next to `services` (§2.1). */
const BUILD_SETTINGS = [
  'functions',
  'installCommand',
  'buildCommand',
  'devCommand',
  'ignoreCommand',
  'outputDirectory',
  'framework',
];

/**
 * Finds which dialect the config uses and checks what may sit beside it
 * (reference/vercel-services.md §2.1): `experimentalServices` not with `builds` or
 * top-level `functions`; `services` (or its alias `experimentalServicesV2`) not with
 * `builds` or top-level build settings; never both dialects. Other top-level keys
 * (`$schema`, `headers`, `regions`, …) are left alone.
 */
export function readServiceEntries(document: ConfigDocument): ReadServiceEntriesResult {
  const { file, value } = document;
  const problems: Problem[] = [];
  const has = (key: string) => value[key] !== undefined;
  const conflict = (key: string, code: ErrorCode, hint: string, other: ServicesKey) => {
    if (!has(key)) return;
    problems.push(
      problem(code, `${file} sets "${key}" together with "${other}".`, {
        ...document.locate([key], 'key'),
        hint,
        expected: `"${other}" without "${key}"`,
      }),
    );
  };

  const key: ServicesKey = has('experimentalServices')
    ? 'experimentalServices'
    : has('services')
      ? 'services'
      : 'experimentalServicesV2';
  const dialect = key === 'experimentalServices' ? 'experimentalServices' : 'services';
  if (dialect === 'experimentalServices') {
    conflict(
      'builds',
      'EXPERIMENTAL_SERVICES_AND_BUILDS',
      'Move each build into a service and remove "builds".',
      key,
    );
    conflict(
      'functions',
      'EXPERIMENTAL_SERVICES_AND_FUNCTIONS',
      'Set memory and maxDuration on the services and remove "functions".',
      key,
    );
    conflict(
      'services',
      'SERVICES_AND_EXPERIMENTAL_SERVICES',
      'Keep one of "services" and "experimentalServices": move every service into one of them.',
      key,
    );
    conflict(
      'experimentalServicesV2',
      'EXPERIMENTAL_SERVICES_V2_AND_EXPERIMENTAL_SERVICES',
      'Keep one of "experimentalServicesV2" and "experimentalServices".',
      key,
    );
  } else {
    if (key === 'services') {
      conflict(
        'experimentalServicesV2',
        'SERVICES_AND_EXPERIMENTAL_SERVICES_V2',
        'Remove "experimentalServicesV2", the old alias, and keep "services".',
        key,
      );
    }
    conflict(
      'builds',
      'SERVICES_AND_BUILDS',
      'Move each build into a service and remove "builds".',
      key,
    );
    for (const setting of BUILD_SETTINGS) {
      conflict(
        setting,
        'SERVICES_AND_TOP_LEVEL_BUILD_SETTINGS',
        `Move "${setting}" into the service it belongs to.`,
        key,
      );
    }
  }

  const services = value[key];
  if (services === undefined) {
    problems.push(
      problem('CONFIG_NO_SERVICES', `${file} declares no "experimentalServices" or "services".`, {
        file,
        expected: '"experimentalServices": a map from service name to service config',
        hint: `Declare the services, e.g. ${EXAMPLE}.`,
      }),
    );
    return { dialect, key, entries: [], problems, fatal: true };
  }
  if (typeof services !== 'object' || services === null || Array.isArray(services)) {
    problems.push(
      problem('CONFIG_INVALID_SERVICES', `"${key}" in ${file} is not an object.`, {
        ...document.locate([key]),
        value: services,
        expected: 'an object mapping service names to configs',
        hint: `Write it as ${EXAMPLE}.`,
      }),
    );
    return { dialect, key, entries: [], problems, fatal: true };
  }
  const entries = Object.entries(services as Record<string, unknown>);
  if (entries.length === 0) {
    problems.push(
      problem('CONFIG_NO_SERVICES', `"${key}" in ${file} is empty.`, {
        ...document.locate([key]),
        value: services,
        expected: 'at least one service',
        hint: `Add a service, e.g. ${EXAMPLE}.`,
      }),
    );
    return { dialect, key, entries, problems, fatal: true };
  }
  return { dialect, key, entries, problems, fatal: false };
}
