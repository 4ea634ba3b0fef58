import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DetectServicesResult, ResolvedService } from '@svcpack/detect';
import { problem } from '@svcpack/detect';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  copyFixture,
  FIXTURES,
  readJson,
  removeTemporary,
  temporaryDir,
} from '../../../test-support/fixtures.js';
import { startService } from '../../../test-support/run-bundle.js';
import { resolvedService, resolverFor } from '../../../test-support/services.js';
import { type PackageProgress, packageServices } from '../src/package-services.js';
import { digestDirectory } from '../src/write-bundle.js';

interface Expected {
  routes: unknown;
  serviceJsonKeys: string[];
  bundles: Record<string, string[]>;
  requests: Record<string, [path: string, body: string][]>;
}

const FIXTURE = 'package/node/no-deps';
const expected = await readJson<Expected>(join(FIXTURES, FIXTURE, 'expected.json'));

const web = resolvedService({
  name: 'web',
  entrypoint: 'apps/web/server.js',
  routePrefix: '/',
  stripPrefix: false,
});
const api = resolvedService({
  name: 'api',
  entrypoint: 'apps/api/handler.mjs',
  routePrefix: '/api',
});
const broken = resolvedService({ name: 'broken', entrypoint: 'apps/broken/index.js' });

let project: string;
let out: string;

beforeAll(async () => {
  project = await copyFixture(FIXTURE);
});

beforeEach(async () => {
  out = join(project, '.svcpack', `output-${Math.random().toString(36).slice(2)}`);
});

afterAll(removeTemporary);

const pack = (
  services: ResolvedService[],
  fields: Partial<Parameters<typeof packageServices>[0]> = {},
) => packageServices({ root: project, out, resolve: resolverFor(services), ...fields });

/** The names beside `out` that a run may have left: staging or set-aside directories. */
async function leftovers(): Promise<string[]> {
  const names = await readdir(dirname(out));
  return names.filter((name) => name.startsWith(`${out.split('/').pop()}.`));
}

describe('packageServices output', () => {
  it('writes routes.json for every web service, as SPEC §3.2 orders them', async () => {
    await pack([web, api]);

    expect(await readJson(join(out, 'routes.json'))).toEqual(expected.routes);
  });

  it('writes service.json with the SPEC §3 fields in order, and a manifest sorted by name', async () => {
    const result = await pack([web, api]);
    const serviceJson = await readJson<Record<string, unknown>>(
      join(out, 'services/api/service.json'),
    );
    const manifest = await readJson<{ schemaVersion: number; services: { name: string }[] }>(
      join(out, 'manifest.json'),
    );

    expect(Object.keys(serviceJson)).toEqual(expected.serviceJsonKeys);
    expect(serviceJson).toMatchObject({
      name: 'api',
      workspace: 'apps/api',
      start: { command: ['node', '../../_svcpack/launch.mjs'], cwd: 'apps/api' },
    });
    expect(manifest).toEqual({
      schemaVersion: 1,
      services: result.services.map(({ name, dir, digest, files, bytes }) => ({
        name,
        dir,
        digest,
        files,
        bytes,
      })),
    });
    expect(manifest.services.map((entry) => entry.name)).toEqual(['api', 'web']);
  });

  it('lists the start.env keys of every service.json in sorted order', async () => {
    await pack([web, api]);

    for (const name of ['api', 'web']) {
      const serviceJson = await readJson<{ start: { env: Record<string, string> } }>(
        join(out, `services/${name}/service.json`),
      );
      const keys = Object.keys(serviceJson.start.env);
      expect(keys.length, name).toBeGreaterThan(1);
      expect(keys, name).toEqual([...keys].sort());
    }
  });

  it('writes JSON with a 2-space indent and a trailing newline', async () => {
    await pack([web, api]);

    for (const path of ['routes.json', 'manifest.json', 'services/web/service.json']) {
      const text = await readFile(join(out, path), 'utf8');
      expect(text, path).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });

  it('returns the absolute out, and per service a dir, files, bytes and digest that match the disk', async () => {
    const result = await pack([web, api]);

    expect(result.out).toBe(out);
    expect(result.routes).toBe('routes.json');
    expect(result.services.map((service) => service.name)).toEqual(['api', 'web']);
    for (const service of result.services) {
      const { files, bytes, digest } = await digestDirectory(join(out, service.dir, 'bundle'));
      expect(service).toEqual({
        name: service.name,
        dir: `services/${service.name}`,
        files,
        bytes,
        digest,
      });
    }
  });

  it('packs exactly the traced files of each service', async () => {
    await pack([web, api]);

    for (const [name, files] of Object.entries(expected.bundles)) {
      expect(await listFiles(join(out, 'services', name, 'bundle')), name).toEqual(files);
    }
  });

  it('produces the same bytes when run twice', async () => {
    await pack([web, api]);
    const first = await digestDirectory(out);
    const again = join(dirname(out), 'again');
    await packageServices({ root: project, out: again, resolve: resolverFor([web, api]) });

    expect(await digestDirectory(again)).toEqual(first);
  });

  it('produces the same bytes from a copy of the project at another path', async () => {
    await pack([web, api]);
    const elsewhere = await copyFixture(FIXTURE);
    const otherOut = join(elsewhere, 'out');
    await packageServices({ root: elsewhere, out: otherOut, resolve: resolverFor([web, api]) });

    expect(await digestDirectory(otherOut)).toEqual(await digestDirectory(out));
  });

  it('serves each packed service from its bundle, stripping the prefix where it should', async () => {
    await pack([web, api]);

    for (const [name, requests] of Object.entries(expected.requests)) {
      const running = await startService(join(out, 'services', name));
      try {
        for (const [path, body] of requests) {
          expect(await (await fetch(`${running.url}${path}`)).text(), `${name} ${path}`).toBe(body);
        }
      } finally {
        await running.stop();
      }
    }
  });

  it('reports progress for each service, one after the other', async () => {
    const events: PackageProgress[] = [];
    await pack([web, api], { onProgress: (event) => events.push(event) });

    expect(events).toEqual([
      { service: 'api', state: 'start' },
      { service: 'api', state: 'done', ms: expect.any(Number) },
      { service: 'web', state: 'start' },
      { service: 'web', state: 'done', ms: expect.any(Number) },
    ]);
  });
});

describe('packageServices and an earlier output', () => {
  it('leaves the previous output byte for byte when a service fails', async () => {
    await pack([web, api]);
    const before = await digestDirectory(out);

    await expect(pack([web, api, broken])).rejects.toMatchObject({ code: 'PACKAGE_TRACE_FAILED' });

    expect(await digestDirectory(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('repackages only the named services and carries the others over unchanged', async () => {
    await pack([web, api]);
    const webBefore = await digestDirectory(join(out, 'services/web'));
    const handler = join(project, 'apps/api/handler.mjs');
    const original = await readFile(handler, 'utf8');
    await writeFile(handler, original.replace('api saw', 'api v2 saw'));
    try {
      const result = await pack([web, api], { services: ['api'] });
      const manifest = await readJson<{ services: { name: string; digest: string }[] }>(
        join(out, 'manifest.json'),
      );

      expect(result.services.map((service) => service.name)).toEqual(['api']);
      expect(await digestDirectory(join(out, 'services/web'))).toEqual(webBefore);
      expect(manifest.services.map((entry) => entry.name)).toEqual(['api', 'web']);
      expect(manifest.services[0]?.digest).toBe(result.services[0]?.digest);
      expect(await readJson(join(out, 'routes.json'))).toEqual(expected.routes);
      expect(await leftovers()).toEqual([]);
    } finally {
      await writeFile(handler, original);
    }
  });

  it('warns when routes.json routes to a service that has no output yet', async () => {
    const result = await pack([web, api], { services: ['api'] });

    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'PACKAGE_SERVICE_OUTPUT_MISSING', value: 'web' }),
    ]);
  });

  it('warns that a service reached only by its subdomain has no route, and how to give it one', async () => {
    const express = resolvedService({
      name: 'express',
      entrypoint: 'apps/api/handler.mjs',
      routePrefix: null,
      subdomain: 'api',
    });

    const result = await pack([web, express]);
    const routes = await readJson<{ routes: { service: string }[] }>(join(out, 'routes.json'));

    expect(routes.routes.map((route) => route.service)).toEqual(['web']);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'PACKAGE_ROUTE_SUBDOMAIN_ONLY',
        value: 'express',
        message: expect.stringContaining('"api"'),
        hint: expect.stringContaining('"routePrefix": "/_/express"'),
      }),
    ]);
  });

  it('returns the warning of an includeFiles pattern that matched nothing with the others', async () => {
    const result = await pack([{ ...api, includeFiles: ['apps/api/handler.mjs'] }]);

    expect(result.warnings).toContainEqual(
      expect.objectContaining({
        code: 'PACKAGE_INCLUDE_MATCHED_NOTHING',
        value: 'apps/api/handler.mjs',
        hint: 'Patterns are relative to "apps/api/"; did you mean "handler.mjs"?',
      }),
    );
  });

  it('refuses an entrypoint that is a symlink to a file outside the project, naming link and target', async () => {
    const outside = await temporaryDir('outside');
    await writeFile(join(outside, 'server.js'), 'module.exports = (req, res) => res.end("x");\n');
    await mkdir(join(project, 'apps/linked'), { recursive: true });
    await writeFile(join(project, 'apps/linked/package.json'), '{"name":"linked"}\n');
    await symlink(join(outside, 'server.js'), join(project, 'apps/linked/server.js'));
    const linked = resolvedService({ name: 'linked', entrypoint: 'apps/linked/server.js' });

    try {
      await expect(pack([linked])).rejects.toMatchObject({
        code: 'PACKAGE_INVALID_SYMLINK',
        message: expect.stringContaining(
          `"apps/linked/server.js" is a symlink to "${join(outside, 'server.js')}"`,
        ),
        problems: [
          expect.objectContaining({
            file: 'vercel.json',
            pointer: '/experimentalServices/linked/entrypoint',
            value: { link: 'apps/linked/server.js', target: join(outside, 'server.js') },
          }),
        ],
      });
      expect(await leftovers()).toEqual([]);
    } finally {
      await rm(join(project, 'apps/linked'), { recursive: true, force: true });
    }
  });

  it('refuses an out directory that is not an earlier svcpack output, and leaves it alone', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'notes.txt'), 'keep me');

    await expect(pack([web])).rejects.toMatchObject({ code: 'PACKAGE_OUT_NOT_OUTPUT' });
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(await leftovers()).toEqual([]);
  });

  it('never packages the output directory, even when a service reads its whole directory', async () => {
    await writeFile(
      join(project, 'scan.js'),
      "const fs = require('node:fs');\nmodule.exports = (req, res) => res.end(fs.readdirSync(__dirname).join(','));\n",
    );
    const scan = resolvedService({
      name: 'scan',
      entrypoint: 'scan.js',
      workspace: '.',
      routePrefix: '/scan',
      excludeFiles: ['apps/broken/**'],
    });
    out = join(project, 'dist-out');
    await pack([scan]);
    await pack([scan]);

    const files = await listFiles(join(out, 'services/scan/bundle'));
    expect(files).toContain('apps/web/server.js');
    expect(
      files.filter((path) => path.startsWith('dist-out') || path.startsWith('.svcpack')),
    ).toEqual([]);
  });
});

describe('packageServices with @svcpack/detect', () => {
  it('packages the services that detection resolves from vercel.json', async () => {
    const result = await packageServices({ root: project, out, services: ['api', 'web'] });

    expect(result.services.map((service) => service.name)).toEqual(['api', 'web']);
    expect(await listFiles(join(out, 'services/api/bundle'))).toEqual(expected.bundles.api);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'PACKAGE_SERVICE_OUTPUT_MISSING', value: 'broken' }),
    ]);
  });
});

describe('packageServices refusals', () => {
  it('reports every service it cannot package at once, before packaging anything', async () => {
    const cron = resolvedService({
      name: 'nightly',
      entrypoint: 'apps/api/handler.mjs',
      type: 'cron',
      routePrefix: null,
    });
    const ruby = resolvedService({ name: 'rails', entrypoint: 'config.ru', runtime: 'ruby' });
    const vite = resolvedService({ name: 'spa', entrypoint: 'apps/spa', framework: 'vite' });

    const failure = pack([web, cron, ruby, vite]);

    await expect(failure).rejects.toMatchObject({
      code: 'PACKAGE_UNSUPPORTED_SERVICE',
      problems: [
        expect.objectContaining({ message: expect.stringContaining('"nightly"') }),
        expect.objectContaining({ message: expect.stringContaining('"ruby"') }),
        expect.objectContaining({ message: expect.stringContaining('"vite"') }),
      ],
    });
    await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('throws the errors of detection together', async () => {
    const resolve = async (): Promise<DetectServicesResult> => ({
      result: null,
      errors: [
        problem('INVALID_MEMORY', 'memory is 99999.', { file: 'vercel.json', line: 4, column: 5 }),
        problem('MISSING_ROUTE_PREFIX', 'no prefix.', { file: 'vercel.json', line: 2, column: 3 }),
      ],
      warnings: [],
      configFile: 'vercel.json',
    });

    await expect(packageServices({ root: project, out, resolve })).rejects.toMatchObject({
      code: 'MISSING_ROUTE_PREFIX',
      problems: [expect.objectContaining({ line: 2 }), expect.objectContaining({ line: 4 })],
    });
  });

  it('refuses a service name the config does not declare', async () => {
    await expect(pack([web, api], { services: ['wbe'] })).rejects.toMatchObject({
      code: 'DETECT_UNKNOWN_SERVICE',
      message: 'No service "wbe" is declared in vercel.json.',
      hint: 'Did you mean "web"?',
    });
  });

  it('stops with CLI_INTERRUPTED when aborted, removing its staging and writing no output', async () => {
    const controller = new AbortController();
    const failure = pack([web, api], {
      signal: controller.signal,
      onProgress: (event) => event.state === 'done' && controller.abort(),
    });

    await expect(failure).rejects.toMatchObject({ code: 'CLI_INTERRUPTED' });
    await expect(readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await leftovers()).toEqual([]);
  });
});

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, path)));
    else files.push(path);
  }
  return files.sort();
}
