import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { type RunningBundle, startService } from '../../../test-support/run-bundle.js';
import { REPO_ROOT, runCli } from './support/run-cli.js';

afterAll(removeTemporary);

const DEMO = join(REPO_ROOT, 'fixtures/demo');

const BACKENDS = [
  { name: 'backend', prefix: '/server' },
  { name: 'express', prefix: '/express' },
  { name: 'go', prefix: '/svc/go' },
] as const;

interface RouteEntry {
  src: string;
  service: string;
  routePrefix: string;
  stripPrefix: boolean;
}

describe('the demo monorepo', () => {
  let out: string;
  let packaged: { code: number | null; stdout: string; stderr: string };
  const running: RunningBundle[] = [];

  beforeAll(async () => {
    out = join(await temporaryDir('demo'), 'out');
    packaged = await runCli(['package', DEMO, '--out', out, '--json']);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
  });

  it('detects four services with runtime, framework, workspace, entrypoint and evidence', async () => {
    const run = await runCli(['detect', DEMO, '--json']);
    expect(run.stderr).not.toContain('error');
    expect(run.code).toBe(0);
    const { result } = JSON.parse(run.stdout);
    const services: ResolvedService[] = result.services;
    const summary = services.map((service) => ({
      name: service.name,
      type: service.type,
      runtime: service.runtime,
      slug: service.framework?.slug,
      workspace: service.workspace,
      entrypoint: service.entrypoint,
      routePrefix: service.routePrefix,
    }));
    expect(summary).toEqual([
      {
        name: 'backend',
        type: 'web',
        runtime: 'python',
        slug: 'fastapi',
        workspace: 'backend',
        entrypoint: 'backend/main.py',
        routePrefix: '/server',
      },
      {
        name: 'express',
        type: 'web',
        runtime: 'node',
        slug: 'express',
        workspace: 'services/express',
        entrypoint: 'services/express/index.js',
        routePrefix: '/express',
      },
      {
        name: 'go',
        type: 'web',
        runtime: 'go',
        slug: 'go',
        workspace: 'services/go',
        entrypoint: 'services/go',
        routePrefix: '/svc/go',
      },
      {
        name: 'web',
        type: 'web',
        runtime: 'node',
        slug: 'nextjs',
        workspace: 'apps/web',
        entrypoint: 'apps/web',
        routePrefix: '/',
      },
    ]);
    for (const service of services) {
      expect(service.framework?.version, service.name).toBeTruthy();
      expect(service.framework?.versionSource, service.name).toMatch(/installed|lockfile|manifest/);
      expect(service.candidates.length, service.name).toBeGreaterThan(0);
      expect(service.candidates[0]?.evidence.some((item) => item.matched)).toBe(true);
    }
  });

  it('writes routes.json, manifest.json and one bundle with service.json per service', async () => {
    expect(packaged.stderr).not.toMatch(/error/i);
    expect(packaged.code).toBe(0);
    const envelope = JSON.parse(packaged.stdout);
    expect(envelope.ok).toBe(true);
    expect(envelope.result.out).toBe(out);
    expect(envelope.result.routes).toBe('routes.json');
    expect(envelope.result.services.map((service: { name: string }) => service.name)).toEqual([
      'backend',
      'express',
      'go',
      'web',
    ]);
    expect((await readdir(out)).sort()).toEqual(['manifest.json', 'routes.json', 'services']);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.schemaVersion).toBe(1);
    for (const entry of manifest.services) {
      const service = JSON.parse(await readFile(join(out, entry.dir, 'service.json'), 'utf8'));
      expect(service.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(service.digest).toBe(entry.digest);
      expect(service.files).toBeGreaterThan(0);
      expect(service.start.command.length).toBeGreaterThan(0);
    }
  });

  it.each(BACKENDS)(
    'runs the $name bundle from an empty dir and answers /health, stripped and unstripped',
    async ({ name, prefix }) => {
      const service = await startService(join(out, 'services', name));
      running.push(service);
      for (const path of ['/health', `${prefix}/health`]) {
        const response = await fetch(`${service.url}${path}`);
        expect(response.status, `${name} ${path}\n${service.output()}`).toBe(200);
        expect(await response.json()).toEqual({ service: name });
      }
    },
    60_000,
  );

  it('runs the web bundle from an empty dir and serves the page that names it', async () => {
    const service = await startService(join(out, 'services', 'web'));
    running.push(service);
    const response = await fetch(`${service.url}/`);
    expect(response.status, service.output()).toBe(200);
    expect(await response.text()).toContain('svcpack demo: web');
  }, 60_000);

  it.each([
    ['/server', 'backend'],
    ['/server/x', 'backend'],
    ['/svc/go', 'go'],
    ['/svc/go/x', 'go'],
    ['/svc/gopher', 'web'],
    ['/serverless', 'web'],
    ['/', 'web'],
    ['/express/a/b', 'express'],
  ])('routes %s to %s', async (path, expected) => {
    const { routes } = JSON.parse(await readFile(join(out, 'routes.json'), 'utf8')) as {
      routes: RouteEntry[];
    };
    const match = routes.find((route) => new RegExp(route.src).test(path));
    expect(match?.service).toBe(expected);
  });

  it('writes the same bytes when packaged again from the same build', async () => {
    const again = join(await temporaryDir('demo-again'), 'out');
    const run = await runCli(['package', DEMO, '--out', again, '--no-build', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const first = await readFile(join(out, 'manifest.json'), 'utf8');
    const second = await readFile(join(again, 'manifest.json'), 'utf8');
    expect(second).toBe(first);
    expect(await readFile(join(again, 'routes.json'), 'utf8')).toBe(
      await readFile(join(out, 'routes.json'), 'utf8'),
    );
  }, 300_000);
});
