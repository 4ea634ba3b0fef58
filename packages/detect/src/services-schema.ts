import { ENV_NAME } from './check-env-refs.js';
import { FRAMEWORKS } from './framework-catalog.js';
import { ROUTE_PREFIX_PATTERN } from './normalize-route-prefix.js';
import {
  type FieldSpec,
  JOB_TRIGGERS,
  LIMITS,
  LIMITS_BINDINGS,
  ROOT_SERVICE_FIELDS,
  SERVICE_FIELDS,
} from './service-fields.js';
import { ROOT_SERVICE_NAME, SERVICE_NAME } from './service-name.js';
import { SERVICE_TYPES } from './types.js';
import { DNS_LABEL } from './validate-service-routing.js';

/** A JSON Schema (draft-07) node. */
export type JsonSchema = { [key: string]: unknown } | boolean;

/** Top-level keys that cannot sit beside the `services` dialect (reference §2.1). */
const V2_CONFLICTS = [
  'builds',
  'functions',
  'installCommand',
  'buildCommand',
  'devCommand',
  'ignoreCommand',
  'outputDirectory',
  'framework',
];

/**
 * The JSON Schema of vercel.json's services config, built from the field table the
 * validator reads (`SERVICE_FIELDS`, `ROOT_SERVICE_FIELDS`), the same name and prefix
 * rules and the same framework catalogue. It catches what a schema can: shapes, lengths,
 * ranges, names, prefixes and which fields each service type takes. Rules across
 * services (duplicate prefixes, env refs), cron syntax and the files on disk stay with
 * `svcpack validate`. `pnpm --filter @svcpack/detect gen:schema` writes it to
 * `schema/vercel-services.schema.json`.
 */
export function buildServicesSchema(): JsonSchema {
  const services = (name: RegExp, ref: string): JsonSchema => ({
    type: 'object',
    minProperties: 1,
    propertyNames: { pattern: name.source, maxLength: 64 },
    additionalProperties: { $ref: ref },
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'vercel.json services (svcpack)',
    description:
      'The services of a vercel.json, in either dialect: experimentalServices (routed by routePrefix) or services (routed by top-level rewrites). Other vercel.json keys are allowed.',
    type: 'object',
    properties: {
      experimentalServices: services(SERVICE_NAME, '#/definitions/service'),
      services: services(ROOT_SERVICE_NAME, '#/definitions/rootService'),
      experimentalServicesV2: services(ROOT_SERVICE_NAME, '#/definitions/rootService'),
      rewrites: { type: 'array', items: { $ref: '#/definitions/rewrite' } },
    },
    anyOf: ['experimentalServices', 'services', 'experimentalServicesV2'].map((key) => ({
      required: [key],
    })),
    allOf: [
      notTogether('experimentalServices', [
        'services',
        'experimentalServicesV2',
        'builds',
        'functions',
      ]),
      notTogether('services', ['experimentalServicesV2', ...V2_CONFLICTS]),
      notTogether('experimentalServicesV2', V2_CONFLICTS),
    ],
    definitions: {
      service: serviceSchema(),
      rootService: {
        type: 'object',
        required: ['root'],
        properties: fieldSchemas(ROOT_SERVICE_FIELDS),
        additionalProperties: false,
        allOf: runtimeOfFramework(),
      },
      rewrite: {
        type: 'object',
        description:
          'A rewrite; one whose destination is { "service" } sends the request to that service unchanged.',
        ...ifThen(
          { properties: { destination: { type: 'object' } }, required: ['destination'] },
          {
            properties: {
              source: { type: 'string', pattern: '^/' },
              destination: {
                type: 'object',
                required: ['service'],
                properties: {
                  type: { const: 'service' },
                  service: { type: 'string', minLength: 1 },
                },
                additionalProperties: false,
              },
              continue: { const: false },
            },
            required: ['source'],
            not: { anyOf: [{ required: ['has'] }, { required: ['missing'] }] },
          },
        ),
      },
    },
  };
}

function serviceSchema(): JsonSchema {
  const has = (...keys: string[]) => ({ anyOf: keys.map((key) => ({ required: [key] })) });
  const typeIs = (type: string) =>
    type === 'web'
      ? { properties: { type: { const: 'web' } } }
      : { properties: { type: { const: type } }, required: ['type'] };
  const rules: JsonSchema[] = [
    ifThen(typeIs('web'), has('routePrefix', 'mount', 'subdomain')),
    ifThen({ required: ['mount'] }, { not: has('routePrefix', 'subdomain') }),
    ifThen(typeIs('cron'), { required: ['schedule'] }),
    ifThen(typeIs('job'), { required: ['trigger'] }),
    ...(['schedule', 'topics', 'entrypoint'] as const).map((needed, index) =>
      ifThen(
        {
          properties: { type: { const: 'job' }, trigger: { const: JOB_TRIGGERS[index] } },
          required: ['type', 'trigger'],
        },
        { required: [needed] },
      ),
    ),
    ifThen(typeIs('worker'), { properties: { topics: { items: { type: 'string' } } } }),
    has('entrypoint', 'framework', 'runtime', 'builder'),
    ifThen(has('runtime', 'builder'), has('entrypoint', 'framework')),
    ifThen(
      { required: ['command'] },
      { properties: { runtime: { const: 'container' } }, required: ['runtime'] },
    ),
    ...runtimeOfFramework(),
  ];
  for (const type of SERVICE_TYPES) {
    const refused = Object.entries(SERVICE_FIELDS)
      .filter(([, spec]) => 'types' in spec && !(spec.types as readonly string[]).includes(type))
      .map(([key]) => [key, false]);
    if (refused.length > 0) {
      rules.push(ifThen(typeIs(type), { properties: Object.fromEntries(refused) }));
    }
  }
  return {
    type: 'object',
    properties: fieldSchemas(SERVICE_FIELDS),
    additionalProperties: false,
    allOf: rules,
  };
}

/** A framework that runs on one runtime refuses any other explicit runtime. */
function runtimeOfFramework(): JsonSchema[] {
  const byRuntime = new Map<string, string[]>();
  for (const framework of FRAMEWORKS) {
    if (framework.runtime === null) continue;
    byRuntime.set(framework.runtime, [...(byRuntime.get(framework.runtime) ?? []), framework.slug]);
  }
  return [...byRuntime].map(([runtime, slugs]) =>
    ifThen(
      { properties: { framework: { enum: slugs } }, required: ['framework'] },
      { properties: { runtime: { const: runtime } } },
    ),
  );
}

function fieldSchemas(table: Readonly<Record<string, FieldSpec>>): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(table).map(([key, spec]) => [
      key,
      { description: spec.description, ...fieldSchema(key, spec), ...defaultOf(spec) },
    ]),
  );
}

function defaultOf(spec: FieldSpec): Record<string, unknown> {
  return spec.default === undefined ? {} : { default: spec.default };
}

function fieldSchema(key: string, spec: FieldSpec): Record<string, unknown> {
  const text = (maxLength?: number) => ({
    type: 'string',
    minLength: 1,
    ...(maxLength ? { maxLength } : {}),
  });
  switch (spec.kind) {
    case 'text':
      if (key === 'framework') return { type: 'string', enum: FRAMEWORKS.map((item) => item.slug) };
      if (key === 'subdomain') return { type: 'string', pattern: DNS_LABEL.source };
      return text(spec.maxLength);
    case 'prefix':
      return { type: 'string', maxLength: spec.maxLength, pattern: ROUTE_PREFIX_PATTERN.source };
    case 'enum':
      return { type: 'string', enum: [...(spec.values ?? [])] };
    case 'strings':
      return {
        anyOf: [text(spec.maxLength), { type: 'array', items: text(spec.maxLength) }],
      };
    case 'integer':
      return { type: 'integer', minimum: spec.minimum, maximum: spec.maximum };
    case 'schedule': {
      const expression = { type: 'string', minLength: spec.minLength, maxLength: spec.maxLength };
      return {
        anyOf: [
          expression,
          { type: 'array', minItems: 1, items: { ...expression, not: { const: '<dynamic>' } } },
        ],
      };
    }
    case 'topics':
      return {
        type: 'array',
        minItems: 1,
        items: {
          anyOf: [
            text(LIMITS.topic),
            {
              type: 'object',
              required: ['topic'],
              properties: {
                topic: text(LIMITS.topic),
                retryAfterSeconds: range(LIMITS.retryAfterSeconds),
                initialDelaySeconds: range(LIMITS.initialDelaySeconds),
              },
              additionalProperties: false,
            },
          ],
        },
      };
    case 'mount':
      return {
        anyOf: [
          { type: 'string', maxLength: LIMITS.path, pattern: ROUTE_PREFIX_PATTERN.source },
          {
            type: 'object',
            minProperties: 1,
            properties: {
              path: {
                type: 'string',
                maxLength: LIMITS.path,
                pattern: ROUTE_PREFIX_PATTERN.source,
              },
              subdomain: { type: 'string', pattern: DNS_LABEL.source },
            },
            additionalProperties: false,
          },
        ],
      };
    case 'env':
      return {
        type: 'object',
        propertyNames: { pattern: ENV_NAME.source },
        additionalProperties: {
          type: 'object',
          required: ['type', 'service'],
          properties: { type: { const: 'service-ref' }, service: text() },
          additionalProperties: false,
        },
      };
    case 'bindings':
      return {
        type: 'array',
        maxItems: LIMITS_BINDINGS.items,
        items: {
          type: 'object',
          required: ['service', 'format', 'env'],
          properties: {
            type: { const: 'service' },
            service: text(),
            format: { const: 'url' },
            env: { type: 'string', pattern: ENV_NAME.source, maxLength: LIMITS_BINDINGS.env },
          },
          additionalProperties: false,
        },
      };
    case 'any':
      return {};
  }
}

function range([minimum, maximum]: readonly [number, number]) {
  return { type: 'integer', minimum, maximum };
}

function notTogether(key: string, others: string[]): JsonSchema {
  return ifThen(
    { required: [key] },
    { not: { anyOf: others.map((other) => ({ required: [other] })) } },
  );
}

/** JSON Schema's conditional: where `condition` holds, `consequence` must too. */
function ifThen(condition: JsonSchema, consequence: JsonSchema): Record<string, JsonSchema> {
  // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, never awaited.
  return { if: condition, then: consequence };
}
