import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectServices } from '@svcpack/detect';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { buildRoutes, escapeRegExp, type RoutableService } from '../src/routes.js';

afterAll(removeTemporary);

const web = (name: string, routePrefix: string | null, stripPrefix = true): RoutableService => ({
  name,
  type: 'web',
  routePrefix,
  stripPrefix,
});

/** The first route whose `src` matches, as a router reading routes.json would pick. */
function route(services: RoutableService[], path: string): string | null {
  const { routes } = buildRoutes(services);
  return routes.find((entry) => new RegExp(entry.src).test(path))?.service ?? null;
}

describe('buildRoutes', () => {
  it('reproduces the src strings of the SPEC §3.2 example exactly', () => {
    const result = buildRoutes([
      web('web', '/', false),
      web('api', '/api'),
      web('admin', '/api/admin'),
    ]);

    expect(result).toEqual({
      schemaVersion: 1,
      routes: [
        {
          src: '^(?=/api/admin(?:/|$))(?:/api/admin(?:/.*)?$)',
          service: 'admin',
          routePrefix: '/api/admin',
          stripPrefix: true,
        },
        {
          src: '^(?=/api(?:/|$))(?!/api/admin(?:/|$))(?:/api(?:/.*)?$)',
          service: 'api',
          routePrefix: '/api',
          stripPrefix: true,
        },
        {
          src: '^(?!/api/admin(?:/|$))(?!/api(?:/|$))(?:/(.*))',
          service: 'web',
          routePrefix: '/',
          stripPrefix: false,
        },
      ],
    });
  });

  const services = [
    web('web', '/', false),
    web('backend', '/server'),
    web('go', '/svc/go'),
    web('express', '/express'),
  ];

  it.each([
    ['/server', 'backend'],
    ['/server/x', 'backend'],
    ['/svc/go', 'go'],
    ['/svc/go/x', 'go'],
    ['/svc/gopher', 'web'],
    ['/serverless', 'web'],
    ['/', 'web'],
    ['/express/a/b', 'express'],
  ])('sends %s to the service %s (first match wins, whole segments)', (path, expected) => {
    expect(route(services, path)).toBe(expected);
  });

  it('orders routes longest prefix first, ties by name, the root service last', () => {
    const { routes } = buildRoutes([
      web('root', '/', false),
      web('b', '/bb'),
      web('a', '/aa'),
      web('long', '/a/long'),
    ]);

    expect(routes.map((entry) => entry.service)).toEqual(['long', 'a', 'b', 'root']);
  });

  it('leaves out services that are not web services or have no prefix', () => {
    const { routes } = buildRoutes([
      web('api', '/api'),
      web('subdomain-only', null),
      { name: 'nightly', type: 'cron', routePrefix: null, stripPrefix: false },
    ]);

    expect(routes.map((entry) => entry.service)).toEqual(['api']);
  });

  it('escapes regex metacharacters of a prefix so that they match literally', () => {
    expect(escapeRegExp('\\^$.*+?()[]{}|')).toBe('\\\\\\^\\$\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|');
    const services = [web('dotted', '/v1.0'), web('web', '/', false)];

    expect(route(services, '/v1.0/users')).toBe('dotted');
    expect(route(services, '/v1x0/users')).toBe('web');
  });

  it('does not let a nested prefix of another branch shadow a sibling', () => {
    const services = [web('api', '/api'), web('admin', '/api/admin'), web('apiary', '/apiary')];

    expect(route(services, '/api/admin/users')).toBe('admin');
    expect(route(services, '/api/administrator')).toBe('api');
    expect(route(services, '/apiary')).toBe('apiary');
    expect(route(services, '/other')).toBeNull();
  });
});

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** fixtures/demo (without node_modules and .next) in a temp dir, detected with its config. */
async function detectDemo(config: 'experimentalServices' | 'services') {
  const root = await temporaryDir('routes');
  await cp(join(FIXTURES, 'demo'), root, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|\.next)(?:[\\/]|$)/.test(source),
  });
  if (config === 'services') {
    const text = await readFile(join(FIXTURES, 'config/services-dialect-demo/vercel.json'));
    await writeFile(join(root, 'vercel.json'), text);
  }
  const run = await detectServices({ root });
  expect(run.errors).toEqual([]);
  return run.result?.services ?? [];
}

describe('buildRoutes in the services dialect', () => {
  const paths = [
    '/',
    '/about',
    '/server',
    '/server/health',
    '/server/items/1',
    '/serverless',
    '/express',
    '/express/motd',
    '/expressway',
    '/svc/go',
    '/svc/go/ping',
    '/svc/gopher',
    '/svc',
  ];

  it('sends every path of the demo to the same service as experimentalServices does', async () => {
    const v1 = await detectDemo('experimentalServices');
    const v2 = await detectDemo('services');
    const first = (services: RoutableService[], path: string) =>
      route(services, path) ?? `no route for ${path}`;

    for (const path of paths) expect(first(v2, path), path).toBe(first(v1, path));
    expect(paths.map((path) => first(v2, path))).toEqual([
      'web',
      'web',
      'backend',
      'backend',
      'backend',
      'web',
      'express',
      'express',
      'web',
      'go',
      'go',
      'web',
      'web',
    ]);
  });

  it('writes one route per rewrite, in the config order, none of them stripped', async () => {
    const { routes } = buildRoutes(await detectDemo('services'));

    expect(routes).toEqual([
      { src: '^\\/server$', service: 'backend', routePrefix: '/server', stripPrefix: false },
      {
        src: '^\\/server(?:\\/(.*))$',
        service: 'backend',
        routePrefix: '/server',
        stripPrefix: false,
      },
      {
        src: '^\\/express(?:\\/((?:[^\\/]+?)(?:\\/(?:[^\\/]+?))*))?$',
        service: 'express',
        routePrefix: '/express',
        stripPrefix: false,
      },
      {
        src: '^\\/svc\\/go(?:\\/((?:[^\\/]+?)(?:\\/(?:[^\\/]+?))*))?$',
        service: 'go',
        routePrefix: '/svc/go',
        stripPrefix: false,
      },
      { src: '^(?:\\/(.*))$', service: 'web', routePrefix: '/', stripPrefix: false },
    ]);
  });
});
