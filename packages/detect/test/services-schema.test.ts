import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { buildServicesSchema } from '../src/services-schema.js';

const SCHEMA_FILE = fileURLToPath(
  new URL('../schema/vercel-services.schema.json', import.meta.url),
);
const CASES_DIR = fileURLToPath(new URL('../../../fixtures/config/', import.meta.url));

/** Codes of rules the schema states too: a config with one of them must fail it. */
const SCHEMA_CODES = new Set([
  'INVALID_VERCEL_JSON',
  'CONFIG_NO_SERVICES',
  'CONFIG_INVALID_SERVICES',
  'CONFIG_UNKNOWN_FIELD',
  'CONFIG_INVALID_FIELD_TYPE',
  'CONFIG_INVALID_ROUTE_PREFIX',
  'CONFIG_VALUE_TOO_LONG',
  'CONFIG_FIELD_NOT_FOR_TYPE',
  'EXPERIMENTAL_SERVICES_AND_BUILDS',
  'EXPERIMENTAL_SERVICES_AND_FUNCTIONS',
  'SERVICES_AND_EXPERIMENTAL_SERVICES',
  'SERVICES_AND_EXPERIMENTAL_SERVICES_V2',
  'EXPERIMENTAL_SERVICES_V2_AND_EXPERIMENTAL_SERVICES',
  'SERVICES_AND_BUILDS',
  'SERVICES_AND_TOP_LEVEL_BUILD_SETTINGS',
  'INVALID_SERVICE_NAME',
  'INVALID_SERVICE_CONFIG',
  'INVALID_SERVICE_TYPE',
  'INVALID_MEMORY',
  'INVALID_MAX_DURATION',
  'INVALID_MOUNT',
  'CONFLICTING_MOUNT_CONFIG',
  'INVALID_SUBDOMAIN',
  'MISSING_ROUTE_PREFIX',
  'RESERVED_ROUTE_PREFIX',
  'INVALID_ROUTE_PREFIX',
  'INVALID_HOST_ROUTING_CONFIG',
  'MISSING_JOB_TRIGGER',
  'INVALID_JOB_TRIGGER',
  'MISSING_CRON_SCHEDULE',
  'MISSING_JOB_SCHEDULE',
  'MISSING_QUEUE_TOPICS',
  'INVALID_ENV_VARS',
  'INVALID_ENV_VAR_NAME',
  'INVALID_ENV_VAR',
  'INVALID_ENV_VAR_TYPE',
  'INVALID_ENV_VAR_REF',
  'INVALID_RUNTIME',
  'INVALID_FRAMEWORK',
  'RUNTIME_FRAMEWORK_MISMATCH',
  'MISSING_SERVICE_CONFIG',
  'MISSING_ENTRYPOINT',
  'INVALID_COMMAND',
  'MISSING_ROOT',
  'INVALID_SERVICE_BINDING_NAME',
]);

/**
 * Rules the schema states only in part (a cron expression's length but not its fields; a
 * rewrite's shape but not whether its source compiles): no claim either way.
 */
const PARTLY_SCHEMA_CODES = new Set(['INVALID_CRON_SCHEDULE', 'CONFIG_INVALID_REWRITE']);

/**
 * Fixtures whose error is one the schema cannot state: a JSON Schema has no limit on how
 * deep a value nests, and judges decoded values, not the bytes of the file (a Latin-1
 * vercel.json decodes, with U+FFFD where its bytes are not UTF-8).
 */
const BEYOND_SCHEMA = new Set(['nesting-too-deep', 'not-utf8-latin1']);

interface Case {
  name: string;
  config: unknown;
  codes: string[];
}

/** Every fixture whose config parses, with the codes of its expected errors. */
const cases: Case[] = readdirSync(CASES_DIR)
  .filter((name) => existsSync(`${CASES_DIR}${name}/expected.json`) && !BEYOND_SCHEMA.has(name))
  .sort()
  .flatMap((name) => {
    const expected = JSON.parse(readFileSync(`${CASES_DIR}${name}/expected.json`, 'utf8'));
    const codes = (expected.errors as { code: string }[]).map((item) => item.code);
    const config = readConfig(`${CASES_DIR}${name}`);
    return config === undefined ? [] : [{ name, config, codes }];
  });

function readConfig(dir: string): unknown {
  try {
    if (existsSync(`${dir}/vercel.json`)) {
      return JSON.parse(readFileSync(`${dir}/vercel.json`, 'utf8').replace(/^\uFEFF/, ''));
    }
    if (existsSync(`${dir}/vercel.toml`))
      return parseToml(readFileSync(`${dir}/vercel.toml`, 'utf8'));
  } catch {
    // Invalid JSON or TOML: there is nothing to hold against the schema.
  }
  return undefined;
}

const ajv = new Ajv({ allErrors: true, strictTypes: false });
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));

describe('the services JSON Schema', () => {
  it('is committed exactly as the generator writes it (pnpm --filter @svcpack/detect gen:schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(
      `${JSON.stringify(buildServicesSchema(), null, 2)}\n`,
    );
  });

  it('has fixtures of every kind to check', () => {
    expect(cases.filter((item) => item.codes.length === 0).length).toBeGreaterThanOrEqual(3);
    expect(
      cases.filter((item) => item.codes.some((code) => SCHEMA_CODES.has(code))).length,
    ).toBeGreaterThanOrEqual(15);
  });

  it.each(cases.filter((item) => item.codes.some((code) => SCHEMA_CODES.has(code))))(
    '$name: fails the schema, as it fails validation',
    ({ config }) => {
      expect(validate(config)).toBe(false);
    },
  );

  it.each(
    cases.filter((item) =>
      item.codes.every((code) => !SCHEMA_CODES.has(code) && !PARTLY_SCHEMA_CODES.has(code)),
    ),
  )('$name: passes the schema (its problems, if any, are beyond a schema)', ({ config }) => {
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });
});
