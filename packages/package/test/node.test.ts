import { lstat, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detectServices, type ResolvedService } from '@svcpack/detect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  FIXTURES,
  npmCi,
  readJson,
  removeTemporary,
} from '../../../test-support/fixtures.js';
import { type RunningBundle, startBundle, startService } from '../../../test-support/run-bundle.js';
import { resolvedService, resolverFor } from '../../../test-support/services.js';
import type { StartSpec } from '../src/pack-types.js';
import { packageServices } from '../src/package-services.js';

interface RequestCase {
  path: string;
  method?: string;
  body?: string;
  status: number;
  json?: unknown;
  text?: string;
  setCookie?: string[];
}

interface ServiceCase {
  resolved: Parameters<typeof resolvedService>[0];
  start: StartSpec;
  shipped: string[];
  notShipped: string[];
  symlinks: Record<string, string>;
  requests: RequestCase[];
}

const FIXTURE = 'package/node/monorepo';
const expected = await readJson<{ services: ServiceCase[] }>(
  join(FIXTURES, FIXTURE, 'expected.json'),
);
const services: ResolvedService[] = expected.services.map((c) => resolvedService(c.resolved));

let project: string;
let out: string;
const debugLines: string[] = [];

beforeAll(async () => {
  project = await copyFixture(FIXTURE);
  await npmCi(project);
  out = join(project, '.svcpack', 'output');
  const logger = { debug: (line: string) => debugLines.push(line), info() {}, warn() {} };
  await packageServices({ root: project, resolve: resolverFor(services), logger });
});

afterAll(removeTemporary);

describe.each(expected.services)('the Node service $resolved.name', (serviceCase) => {
  const name = serviceCase.resolved.name;
  const bundle = () => join(out, 'services', name, 'bundle');

  it('records how to start it in service.json', async () => {
    const manifest = await readJson<Record<string, unknown>>(
      join(out, 'services', name, 'service.json'),
    );

    expect(manifest.start).toEqual(serviceCase.start);
    expect(manifest.runtime).toBe('node');
    expect(manifest.entrypoint).toBe(serviceCase.resolved.entrypoint);
  });

  it('ships the traced files and leaves out secrets, excluded and unrelated files', async () => {
    for (const path of serviceCase.shipped) {
      await expect(lstat(join(bundle(), path)).then(() => path)).resolves.toBe(path);
    }
    for (const path of serviceCase.notShipped) {
      await expect(lstat(join(bundle(), path)), path).rejects.toMatchObject({ code: 'ENOENT' });
    }
  });

  it('keeps workspace package links as relative symlinks', async () => {
    for (const [path, target] of Object.entries(serviceCase.symlinks)) {
      expect(await readlink(join(bundle(), path))).toBe(target);
    }
  });

  it('answers HTTP from a copy of its bundle, with and without its route prefix', async () => {
    const running = await startBundle(bundle(), serviceCase.start);
    try {
      await expectResponses(running, serviceCase.requests);
    } finally {
      await running.stop();
    }
  });
});

describe('the default excludes', () => {
  it('say in a debug line which traced files they kept out', () => {
    expect(debugLines).toContainEqual(
      expect.stringMatching(/^default excludes kept out apps\/express-api\/\.env \(/),
    );
  });
});

describe('the fixture', () => {
  it('is resolved by @svcpack/detect as expected.json states', async () => {
    const { result, errors } = await detectServices({ root: join(FIXTURES, FIXTURE) });

    expect(errors).toEqual([]);
    for (const serviceCase of expected.services) {
      const detected = result?.services.find((s) => s.name === serviceCase.resolved.name);
      const { framework, ...fields } = serviceCase.resolved;
      expect(detected).toMatchObject({
        ...fields,
        framework: framework ? { slug: framework } : null,
      });
    }
  });
});

describe('configured commands', () => {
  const generated = resolvedService({
    name: 'generated',
    entrypoint: 'apps/api/server.js',
    buildCommand:
      "node -e \"require('fs').writeFileSync('server.js', 'module.exports = (q, s) => s.end(1)')\"",
  });

  it('runs buildCommand in the workspace before tracing what it produced', async () => {
    const dir = await copyFixture('package/node/no-deps');

    const result = await packageServices({ root: dir, resolve: resolverFor([generated]) });

    expect(result.services[0]?.files).toBe(3);
  });

  it('skips the commands with build: false', async () => {
    const dir = await copyFixture('package/node/no-deps');

    const failure = packageServices({ root: dir, build: false, resolve: resolverFor([generated]) });

    await expect(failure).rejects.toMatchObject({ code: 'DETECT_NO_ENTRY_FILE' });
  });

  it('fails with PACKAGE_BUILD_FAILED and the end of the output when a command fails', async () => {
    const dir = await copyFixture('package/node/no-deps');
    const failing = {
      ...generated,
      buildCommand: 'echo compiling; echo "error TS2304" >&2; exit 3',
    };

    const failure = packageServices({ root: dir, resolve: resolverFor([failing]) });

    await expect(failure).rejects.toMatchObject({
      code: 'PACKAGE_BUILD_FAILED',
      message: expect.stringMatching(/exited with code 3\.\ncompiling\nerror TS2304/),
      problems: [
        expect.objectContaining({ pointer: '/experimentalServices/generated/buildCommand' }),
      ],
    });
  });
});

describe('packNode failures', () => {
  it('names the missing dependencies and the install command when node_modules is absent', async () => {
    const bare = await copyFixture(FIXTURE);
    const express = services.find((service) => service.name === 'express-api') as ResolvedService;

    const failure = packageServices({ root: bare, resolve: resolverFor([express]) });

    await expect(failure).rejects.toMatchObject({
      code: 'PACKAGE_DEPENDENCIES_NOT_INSTALLED',
      problems: [
        expect.objectContaining({
          file: 'apps/express-api/package.json',
          value: ['@x/lib', 'express'],
          hint: expect.stringContaining('Run "npm ci" in the project root'),
        }),
      ],
    });
  });

  it('fails with PACKAGE_TRACE_FAILED when an own file imports a module that is not there', async () => {
    await writeFile(
      join(project, 'apps/express-api/broken.js'),
      "const helper = require('./helpers/missing.js');\nmodule.exports = helper;\n",
    );
    const broken = resolvedService({
      name: 'broken',
      entrypoint: 'apps/express-api/broken.js',
      workspace: 'apps/express-api',
    });

    const failure = packageServices({
      root: project,
      out: join(project, '.svcpack', 'broken-output'),
      resolve: resolverFor([broken]),
    });

    await expect(failure).rejects.toMatchObject({
      code: 'PACKAGE_TRACE_FAILED',
      message: expect.stringContaining(
        '"./helpers/missing.js" imported by apps/express-api/broken.js',
      ),
    });
  });

  it('fails with PACKAGE_SYNTAX_ERROR at the file, line and column of a syntax error', async () => {
    await writeFile(
      join(project, 'apps/express-api/unparsable.js'),
      "const helper = 1;\nmodule.exports = function (req, res {\n  res.end('x');\n};\n",
    );
    const unparsable = resolvedService({
      name: 'unparsable',
      entrypoint: 'apps/express-api/unparsable.js',
      workspace: 'apps/express-api',
    });

    const failure = packageServices({
      root: project,
      out: join(project, '.svcpack', 'unparsable-output'),
      resolve: resolverFor([unparsable]),
    });

    await expect(failure).rejects.toMatchObject({
      code: 'PACKAGE_SYNTAX_ERROR',
      message:
        'The file apps/express-api/unparsable.js:2:37 of the service "unparsable" does not parse as JavaScript: Unexpected token.',
      hint: expect.stringContaining('Fix the syntax error at apps/express-api/unparsable.js:2:37'),
      problems: [
        expect.objectContaining({ file: 'apps/express-api/unparsable.js', line: 2, column: 37 }),
      ],
    });
  });

  it('refuses a TypeScript entry, which Node 20 cannot run, with the next step', async () => {
    await writeFile(join(project, 'apps/hono-api/server.ts'), 'const port: number = 3000;\n');
    const typed = resolvedService({ name: 'typed', entrypoint: 'apps/hono-api/server.ts' });

    const failure = packageServices({
      root: project,
      out: join(project, '.svcpack', 'typed-output'),
      resolve: resolverFor([typed]),
    });

    await expect(failure).rejects.toMatchObject({
      code: 'PACKAGE_UNSUPPORTED_SERVICE',
      hint: expect.stringContaining('buildCommand'),
    });
  });
});

const SHAPES = 'package/node/app-shapes';
const shapes = await readJson<{
  services: { resolved: ServiceCase['resolved']; requests: RequestCase[] }[];
  failing: { resolved: ServiceCase['resolved']; output: string }[];
}>(join(FIXTURES, SHAPES, 'expected.json'));

describe('the Node launcher', () => {
  let root: string;
  let shapesOut: string;
  const all = [...shapes.services, ...shapes.failing].map((c) => resolvedService(c.resolved));

  beforeAll(async () => {
    root = await copyFixture(SHAPES);
    shapesOut = join(root, '.svcpack', 'output');
    await packageServices({ root, resolve: resolverFor(all) });
  });

  const started = (name: string) => startService(join(shapesOut, 'services', name));

  it.each(shapes.services)('serves the app that $resolved.entrypoint exports', async (shape) => {
    const running = await started(shape.resolved.name);
    try {
      await expectResponses(running, shape.requests);
    } finally {
      await running.stop();
    }
  });

  it.each(shapes.failing)(
    'exits with a message when $resolved.entrypoint exports no app',
    async (shape) => {
      await expect(started(shape.resolved.name)).rejects.toThrow(shape.output);
    },
  );
});

async function expectResponses(running: RunningBundle, requests: RequestCase[]): Promise<void> {
  for (const request of requests) {
    const response = await fetch(`${running.url}${request.path}`, {
      method: request.method ?? 'GET',
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const label = `${request.method ?? 'GET'} ${request.path}\n${running.output()}`;
    expect(response.status, label).toBe(request.status);
    if (request.json !== undefined) expect(await response.json(), label).toEqual(request.json);
    if (request.text !== undefined) expect(await response.text(), label).toBe(request.text);
    if (request.setCookie !== undefined) {
      expect(response.headers.getSetCookie(), label).toEqual(request.setCookie);
    }
  }
}
