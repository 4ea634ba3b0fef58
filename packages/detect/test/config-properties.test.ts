import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// routes.json is built by @svcpack/package, which depends on this package; its pure route
// builder is imported by path so that these properties cover detect and routes together.
import { buildRoutes } from '../../package/src/routes.js';
import { detectServices } from '../src/detect-services.js';
import { createMemoryFileSystem } from '../src/file-system.js';
import {
  normalizeRoutePrefix,
  ROUTE_PREFIX_PATTERN,
  suggestRoutePrefix,
} from '../src/normalize-route-prefix.js';
import { MAX_JSON_DEPTH, parseJsonDocument } from '../src/parse-json-document.js';
import { SERVICE_NAME } from '../src/service-name.js';

/** A small alphabet, so that generated prefixes nest and collide often. */
const segment = fc.constantFrom('a', 'b', 'ab', 'v1.0', 'x~y', '_svc', '.', '..', 'a b', '%2F', '');
const rawPrefix = fc
  .tuple(fc.boolean(), fc.array(segment, { maxLength: 4 }), fc.boolean())
  .map(([lead, parts, trail]) => `${lead ? '/' : ''}${parts.join('/')}${trail ? '/' : ''}`);

const validSegment = fc.constantFrom('a', 'b', 'ab', 'v1.0', 'x~y', 'svc');
const validPrefix = fc.array(validSegment, { maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const serviceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}[a-z0-9]$/);

/** A valid config: 1–6 python web services with distinct names and distinct prefixes. */
const validConfig = fc
  .uniqueArray(fc.tuple(serviceName, validPrefix), {
    minLength: 1,
    maxLength: 6,
    selector: ([name]) => name,
  })
  .filter((pairs) => new Set(pairs.map(([, prefix]) => prefix)).size === pairs.length)
  .map((pairs) =>
    Object.fromEntries(
      pairs.map(([name, prefix]) => [name, { entrypoint: 'api/main.py', routePrefix: prefix }]),
    ),
  );

const FILES = {
  'api/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  'api/requirements.txt': 'fastapi\n',
};

async function detect(services: Record<string, unknown>) {
  const text = `${JSON.stringify({ experimentalServices: services }, null, 2)}\n`;
  const fs = createMemoryFileSystem({ ...FILES, 'vercel.json': text });
  return detectServices({ root: '/project', fs });
}

/** Whether `prefix` owns `path` by whole segments. */
function owns(prefix: string, path: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

describe('route prefixes, for any input', () => {
  it('normalise to a fixed point: normalising twice equals normalising once', () => {
    fc.assert(
      fc.property(rawPrefix, (raw) => {
        const once = normalizeRoutePrefix(raw);
        if (once.ok) expect(normalizeRoutePrefix(once.prefix)).toEqual(once);
      }),
    );
  });

  it('are accepted by the JSON Schema pattern exactly when the validator accepts them', () => {
    fc.assert(
      fc.property(fc.oneof(rawPrefix, fc.string({ maxLength: 12 })), (raw) => {
        expect(ROUTE_PREFIX_PATTERN.test(raw)).toBe(normalizeRoutePrefix(raw).ok);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the prefix a hint suggests', () => {
  it('is always allowed, whatever was refused', () => {
    fc.assert(
      fc.property(fc.oneof(rawPrefix, fc.string({ maxLength: 16 })), (raw) => {
        expect(normalizeRoutePrefix(suggestRoutePrefix(raw)).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a generated valid config', () => {
  it('passes, and every path goes first to the service with the longest owning prefix', async () => {
    await fc.assert(
      fc.asyncProperty(
        validConfig,
        fc.array(fc.array(validSegment, { maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        async (services, paths) => {
          const run = await detect(services);
          expect(run.errors).toEqual([]);
          const resolved = run.result?.services ?? [];
          expect(resolved.map((service) => service.name).sort()).toEqual(
            Object.keys(services).sort(),
          );

          const { routes } = buildRoutes(resolved);
          for (const path of paths.map((parts) => `/${parts.join('/')}`)) {
            const owners = resolved.filter((service) => owns(service.routePrefix ?? '', path));
            const longest = owners.sort(
              (a, b) => (b.routePrefix?.length ?? 0) - (a.routePrefix?.length ?? 0),
            )[0];
            const matching = routes.filter((route) => new RegExp(route.src).test(path));

            expect(matching[0]?.service ?? null, path).toBe(longest?.name ?? null);
            expect(
              matching.length,
              `${path} matched ${matching.length} routes`,
            ).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** One way to break one field, the code it must give, and where that code points. */
interface Corruption {
  field: string;
  value: unknown;
  code: string;
  /** Below the service; the field itself when unset. */
  at?: string[];
}

const CORRUPTIONS: Corruption[] = [
  { field: 'memory', value: '1024', code: 'CONFIG_INVALID_FIELD_TYPE' },
  { field: 'memory', value: 64, code: 'INVALID_MEMORY' },
  { field: 'memory', value: 1.5, code: 'INVALID_MEMORY' },
  { field: 'maxDuration', value: 901, code: 'INVALID_MAX_DURATION' },
  { field: 'type', value: 'webb', code: 'INVALID_SERVICE_TYPE' },
  { field: 'runtime', value: 'pyton', code: 'INVALID_RUNTIME' },
  { field: 'runtime', value: 'node', code: 'RUNTIME_FRAMEWORK_MISMATCH', at: ['framework'] },
  { field: 'framework', value: 'fastapy', code: 'INVALID_FRAMEWORK' },
  { field: 'routePrefix', value: '/a b', code: 'CONFIG_INVALID_ROUTE_PREFIX' },
  { field: 'routePrefix', value: '/a/../b', code: 'CONFIG_INVALID_ROUTE_PREFIX' },
  { field: 'routePrefix', value: '/_svc/x', code: 'RESERVED_ROUTE_PREFIX' },
  { field: 'routePrefix', value: 7, code: 'CONFIG_INVALID_FIELD_TYPE' },
  { field: 'entrypoint', value: '/srv/main.py', code: 'INVALID_ENTRYPOINT' },
  { field: 'entrypoint', value: 'api/missing.py', code: 'ENTRYPOINT_NOT_FOUND' },
  { field: 'root', value: '../outside', code: 'INVALID_ROOT' },
  {
    field: 'includeFiles',
    value: [''],
    code: 'CONFIG_INVALID_FIELD_TYPE',
    at: ['includeFiles', '0'],
  },
  { field: 'memroy', value: 1024, code: 'CONFIG_UNKNOWN_FIELD' },
  { field: 'schedule', value: '0 3 * * *', code: 'CONFIG_FIELD_NOT_FOR_TYPE' },
  { field: 'subdomain', value: 'a.b', code: 'INVALID_SUBDOMAIN' },
  { field: 'mount', value: { pth: '/x' }, code: 'CONFLICTING_MOUNT_CONFIG' },
  { field: 'env', value: [], code: 'INVALID_ENV_VARS' },
  {
    field: 'env',
    value: { URL: { type: 'service-ref', service: 'no_such' } },
    code: 'UNKNOWN_SERVICE_REF',
    at: ['env', 'URL', 'service'],
  },
  { field: 'buildCommand', value: '', code: 'CONFIG_INVALID_FIELD_TYPE' },
];

describe('a generated valid config with one corrupted field', () => {
  it('is caught at that field, with the right code, and the other services still resolve', async () => {
    await fc.assert(
      fc.asyncProperty(
        validConfig,
        fc.nat(),
        fc.constantFrom(...CORRUPTIONS),
        async (services, pick, corruption) => {
          const names = Object.keys(services);
          const name = names[pick % names.length] as string;
          const broken = {
            ...services,
            [name]: {
              ...(services[name] as object),
              framework: 'fastapi',
              [corruption.field]: corruption.value,
            },
          };
          const run = await detect(broken);
          const pointer = `/experimentalServices/${name}/${(corruption.at ?? [corruption.field]).join('/')}`;

          expect(run.errors.map((error) => [error.code, error.pointer])).toContainEqual([
            corruption.code,
            pointer,
          ]);
          for (const error of run.errors) {
            expect(error.pointer?.startsWith(`/experimentalServices/${name}`), error.message).toBe(
              true,
            );
            expect(error.line, error.message).not.toBeNull();
          }
          expect(run.result?.services.map((service) => service.name).sort()).toEqual(
            names.filter((other) => other !== name).sort(),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** A valid `services` config: 1–4 root services (the stricter names), each with a rewrite. */
const validRootConfig = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z_-]{0,6}[a-z]$/), { minLength: 1, maxLength: 4 })
  .map((names) => ({
    services: Object.fromEntries(
      names.map((name) => [name, { root: 'api', entrypoint: 'main.py' }]),
    ),
    rewrites: names.map((name) => ({ source: `/${name}/(.*)`, destination: { service: name } })),
  }));

const ROOT_CORRUPTIONS: Corruption[] = [
  { field: 'root', value: '../outside', code: 'INVALID_ROOT' },
  { field: 'root', value: 'missing', code: 'ROOT_NOT_FOUND' },
  { field: 'runtime', value: 'pyton', code: 'INVALID_RUNTIME' },
  { field: 'framework', value: 'fastapy', code: 'INVALID_FRAMEWORK' },
  { field: 'routePrefix', value: '/x', code: 'CONFIG_UNKNOWN_FIELD' },
  { field: 'entrypoint', value: 'nope.py', code: 'ENTRYPOINT_NOT_FOUND' },
  {
    field: 'bindings',
    value: [{ service: 'nope', format: 'url', env: 'X' }],
    code: 'SERVICES_BINDING_UNKNOWN_SERVICE',
    at: ['bindings', '0', 'service'],
  },
];

describe('a generated valid services-dialect config with one corrupted field', () => {
  it('is caught at that field, and the other services still resolve', async () => {
    await fc.assert(
      fc.asyncProperty(
        validRootConfig,
        fc.nat(),
        fc.constantFrom(...ROOT_CORRUPTIONS),
        async (config, pick, corruption) => {
          const names = Object.keys(config.services);
          const name = names[pick % names.length] as string;
          const services = {
            ...config.services,
            [name]: { ...config.services[name], [corruption.field]: corruption.value },
          };
          const text = `${JSON.stringify({ ...config, services }, null, 2)}\n`;
          const fs = createMemoryFileSystem({ ...FILES, 'vercel.json': text });
          const run = await detectServices({ root: '/project', fs });
          const pointer = `/services/${name}/${(corruption.at ?? [corruption.field]).join('/')}`;

          expect(run.errors.map((error) => [error.code, error.pointer])).toContainEqual([
            corruption.code,
            pointer,
          ]);
          for (const error of run.errors)
            expect(error.pointer).toMatch(new RegExp(`^/services/${name}(/|$)`));
          expect(run.result?.services.map((service) => service.name).sort()).toEqual(
            names.filter((other) => other !== name).sort(),
          );
        },
      ),
      { numRuns: 80 },
    );
  });
});

/** Names around `api`, many of them refused, so that cleaned suggestions collide often. */
const nearName = fc.constantFrom(
  'api',
  'API',
  'api-2',
  '1api',
  'api-',
  '_api',
  'a pi',
  '9',
  '-',
  'Api_',
);

describe('the names INVALID_SERVICE_NAME suggests, for any set of service names', () => {
  it('pass the rule and differ, ignoring case, from each other and from the names that stay', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(nearName, { minLength: 1, maxLength: 8 }), async (names) => {
        const services = Object.fromEntries(
          names.map((name, index) => [
            name,
            { entrypoint: 'api/main.py', routePrefix: `/s${index}` },
          ]),
        );
        const run = await detect(services);
        const refused = run.errors.filter((item) => item.code === 'INVALID_SERVICE_NAME');
        const suggested = refused.map((item) => item.suggestion as string);
        const staying = names.filter((name) => !refused.some((item) => item.value === name));

        for (const name of suggested) expect(name).toMatch(SERVICE_NAME);
        const folded = suggested.map((name) => name.toLowerCase());
        expect(new Set(folded).size).toBe(folded.length);
        const stayingFolded = new Set(staying.map((name) => name.toLowerCase()));
        for (const name of folded) expect(stayingFolded.has(name), name).toBe(false);
      }),
    );
  });
});

describe('vercel.json nested to any depth', () => {
  it('parses up to the depth limit and is INVALID_VERCEL_JSON past it, never a stack overflow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('0', '"[{"', '"}]"'),
        (depth, pattern, inner) => {
          // Each level is an array or an object { "k": … }, cycling through `pattern`;
          // brackets inside strings do not count. The outer object is one more level.
          const levels = Array.from({ length: depth }, (_, i) => pattern[i % pattern.length]);
          const open = levels.map((array) => (array ? '[' : '{ "k": ')).join('');
          const close = levels
            .reverse()
            .map((array) => (array ? ']' : '}'))
            .join('');
          const result = parseJsonDocument('vercel.json', `{ "x": ${open}${inner}${close} }`);
          if (depth + 1 <= MAX_JSON_DEPTH) expect('locate' in result).toBe(true);
          else expect(result).toMatchObject({ code: 'INVALID_VERCEL_JSON', line: 1 });
        },
      ),
      { numRuns: 60 },
    );
  });
});
