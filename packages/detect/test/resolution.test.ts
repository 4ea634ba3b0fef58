import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import { createMemoryFileSystem } from '../src/file-system.js';
import type { ResolvedService } from '../src/types.js';

/** Runs detect on an in-memory project whose vercel.json declares `services`. */
async function detect(services: Record<string, unknown>, files: Record<string, string>) {
  const config = JSON.stringify({ experimentalServices: services }, null, 2);
  const fs = createMemoryFileSystem({ 'vercel.json': config, ...files });
  return detectServices({ root: '/project', fs });
}

/** The one service of a run that must have succeeded. */
async function detectOne(service: Record<string, unknown>, files: Record<string, string>) {
  const run = await detect({ svc: service }, files);
  expect(run.errors).toEqual([]);
  return { service: run.result?.services[0] as ResolvedService, warnings: run.warnings };
}

const FASTAPI = 'from fastapi import FastAPI\n\napp = FastAPI()\n';

describe('Python services', () => {
  it('prefers the version installed in the workspace .venv, then the locked one', async () => {
    const { service } = await detectOne(
      { entrypoint: 'api/main.py', routePrefix: '/api' },
      {
        'api/main.py': FASTAPI,
        'api/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi>=0.90,<1"]\n',
        'api/uv.lock': '[[package]]\nname = "fastapi"\nversion = "0.92.1"\n',
        'api/.venv/lib/python3.11/site-packages/fastapi-0.92.0.dist-info/METADATA': '',
      },
    );

    expect(service.framework).toEqual({
      slug: 'fastapi',
      name: 'FastAPI',
      version: '0.92.0',
      versionSource: 'installed',
      declared: '>=0.90,<1',
      locked: '0.92.1',
      installed: '0.92.0',
      library: null,
    });
    expect(service.packageManager).toEqual({ name: 'uv', source: 'api/uv.lock' });
  });

  it('takes the handler from module:attr, else from the name bound to the app', async () => {
    const run = await detect(
      {
        attr: { entrypoint: 'api.server:application', routePrefix: '/a' },
        bound: { entrypoint: 'api/bound.py', routePrefix: '/b' },
      },
      {
        'api/requirements.txt': 'flask==3.0.0\n',
        'api/server.py': 'from flask import Flask\napplication = Flask(__name__)\n',
        'api/bound.py': 'import flask\n\nserver: flask.Flask = flask.Flask(__name__)\n',
      },
    );

    expect(run.errors).toEqual([]);
    const [attr, bound] = run.result?.services ?? [];
    expect(attr).toMatchObject({ entrypoint: 'api/server.py', handler: 'application' });
    expect(bound).toMatchObject({ entrypoint: 'api/bound.py', handler: 'server' });
    expect(attr?.framework).toMatchObject({ slug: 'flask', declared: '==3.0.0' });
  });

  it('finds the app file of a Python directory entrypoint', async () => {
    const { service } = await detectOne(
      { entrypoint: 'api', routePrefix: '/api' },
      {
        'api/requirements.txt': 'fastapi\n',
        'api/app.py': 'print("not the app")\n',
        'api/main.py': 'from fastapi import FastAPI\napi = FastAPI()\n',
      },
    );

    expect(service).toMatchObject({ entrypoint: 'api/main.py', handler: 'api', workspace: 'api' });
    expect(service.framework).toMatchObject({ slug: 'fastapi', declared: '*' });
  });

  it('runs a file whose frameworks tie as plain Python, with a warning listing them', async () => {
    const { service, warnings } = await detectOne(
      { entrypoint: 'api/main.py', routePrefix: '/api' },
      { 'api/main.py': FASTAPI, 'api/requirements.txt': 'fastapi\nflask\n' },
    );

    expect(service.framework?.slug).toBe('python');
    expect(service.candidates.map((candidate) => candidate.slug)).toEqual(['fastapi', 'flask']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'DETECT_AMBIGUOUS_FRAMEWORK',
      pointer: '/experimentalServices/svc/entrypoint',
      value: ['fastapi', 'flask'],
    });
  });
});

describe('Node services', () => {
  it('takes the workspace of a file entrypoint from the nearest package.json', async () => {
    const { service } = await detectOne(
      { entrypoint: 'apps/api/src/server.ts', routePrefix: '/api' },
      {
        'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
        'apps/api/package.json': '{ "dependencies": { "hono": "^4.6.0" } }',
        'apps/api/src/server.ts': "import { Hono } from 'hono';\nexport default new Hono();\n",
      },
    );

    expect(service).toMatchObject({
      runtime: 'node',
      workspace: 'apps/api',
      entrypoint: 'apps/api/src/server.ts',
      stripPrefix: true,
      packageManager: { name: 'pnpm', source: 'pnpm-lock.yaml' },
    });
    expect(service.framework).toMatchObject({ slug: 'hono', version: '^4.6.0' });
  });

  it('starts a pinned backend directory from package.json main', async () => {
    const { service } = await detectOne(
      { entrypoint: 'api', routePrefix: '/api', framework: 'express' },
      {
        'api/package.json': '{ "main": "./lib/start.js", "dependencies": { "express": "5.1.0" } }',
        'api/lib/start.js': "module.exports = require('./app');\n",
      },
    );

    expect(service.entrypoint).toBe('api/lib/start.js');
    expect(service.candidates).toEqual([
      {
        slug: 'express',
        accuracy: 'forced',
        evidence: [
          {
            rule: 'config',
            file: 'vercel.json',
            line: 6,
            endLine: 6,
            matched: true,
            detail: '"framework": "express"',
          },
          {
            rule: 'package.json#dependencies',
            file: 'api/package.json',
            line: 1,
            endLine: 1,
            matched: true,
            detail: '{ "main": "./lib/start.js", "dependencies": { "express": "5.1.0" } }',
          },
        ],
      },
    ]);
  });

  it('refuses a backend directory with no entry file', async () => {
    const run = await detect(
      { api: { entrypoint: 'api', routePrefix: '/api', framework: 'express' } },
      { 'api/package.json': '{ "dependencies": { "express": "5.1.0" } }' },
    );

    expect(run.result?.services).toEqual([]);
    expect(run.errors.map((error) => [error.code, error.pointer])).toEqual([
      ['DETECT_NO_ENTRY_FILE', '/experimentalServices/api/entrypoint'],
    ]);
  });

  it('warns when a Next.js app below a prefix sets no basePath, and does not strip it', async () => {
    const { service, warnings } = await detectOne(
      { entrypoint: 'dash', routePrefix: 'dashboard/' },
      {
        'dash/package.json': '{ "dependencies": { "next": "16.5.0" } }',
        'dash/next.config.mjs': 'export default {};\n',
        'package.json': '{ "packageManager": "yarn@4.5.0" }',
      },
    );

    expect(service).toMatchObject({
      routePrefix: '/dashboard',
      stripPrefix: false,
      entrypoint: 'dash',
      packageManager: { name: 'yarn', source: 'package.json' },
    });
    expect(warnings.map((warning) => [warning.code, warning.pointer])).toEqual([
      ['DETECT_MISSING_BASE_PATH', '/experimentalServices/svc/routePrefix'],
    ]);
  });

  it('ranks a dependency above a bare config-file match', async () => {
    const { service } = await detectOne(
      { entrypoint: 'web', routePrefix: '/' },
      {
        'web/package.json': '{ "dependencies": { "next": "16.5.0" } }',
        'web/server.js': "require('next');\n",
      },
    );

    expect(service.framework?.slug).toBe('nextjs');
    expect(service.candidates.map((candidate) => [candidate.slug, candidate.accuracy])).toEqual([
      ['nextjs', 'dependency'],
      ['node', 'config'],
    ]);
  });
});

describe('service roots', () => {
  it('never walks above root for the workspace, and reads the entrypoint below it', async () => {
    const { service } = await detectOne(
      { root: './packages/api/', entrypoint: 'src/index.ts', routePrefix: '/api' },
      {
        'package.json': '{ "dependencies": { "express": "5.1.0" } }',
        'packages/api/src/index.ts': "import express from 'express';\nexport default express();\n",
      },
    );

    expect(service).toMatchObject({
      workspace: 'packages/api',
      entrypoint: 'packages/api/src/index.ts',
      runtime: 'node',
    });
    expect(service.framework?.slug).toBe('node');
  });
});

describe('mount', () => {
  it('gives the prefix from a mount string or path; a subdomain alone routes no prefix', async () => {
    const run = await detect(
      {
        one: { entrypoint: 'main.go', mount: 'one/' },
        two: { entrypoint: 'main.go', mount: { path: '/two', subdomain: 'Two' } },
        three: { entrypoint: 'main.go', subdomain: 'three' },
        bad: { entrypoint: 'main.go', subdomain: 'a.b' },
      },
      { 'go.mod': 'module example.com/m\n\ngo 1.19\n', 'main.go': 'package main\n' },
    );

    expect(run.errors.map((error) => [error.code, error.pointer])).toEqual([
      ['INVALID_SUBDOMAIN', '/experimentalServices/bad/subdomain'],
    ]);
    const prefixes = run.result?.services.map((service) => [service.name, service.routePrefix]);
    expect(prefixes).toEqual([
      ['one', '/one'],
      ['three', null],
      ['two', '/two'],
    ]);
  });
});

describe('Go services', () => {
  it('names the HTTP library and its version from go.mod', async () => {
    const { service } = await detectOne(
      { entrypoint: 'svc/main.go', routePrefix: '/go', includeFiles: 'templates/**' },
      {
        'svc/go.mod': [
          'module example.com/svc',
          '',
          'go 1.22',
          '',
          'require (',
          '\tgithub.com/gin-gonic/gin v1.10.0',
          '\tgolang.org/x/net v0.25.0 // indirect',
          ')',
        ].join('\n'),
        'svc/main.go': 'package main\n',
      },
    );

    expect(service).toMatchObject({
      runtime: 'go',
      workspace: 'svc',
      entrypoint: 'svc/main.go',
      includeFiles: ['templates/**'],
      packageManager: { name: 'go', source: 'svc/go.mod' },
    });
    expect(service.framework).toMatchObject({ slug: 'go', library: 'gin', version: 'v1.10.0' });
  });
});

describe('non-web services', () => {
  it('resolves a worker without a route prefix and without stripping', async () => {
    const { service } = await detectOne(
      { type: 'worker', entrypoint: 'jobs/worker.py', memory: 512, maxDuration: 300 },
      { 'jobs/worker.py': 'print("working")\n' },
    );

    expect(service).toMatchObject({
      type: 'worker',
      runtime: 'python',
      workspace: '.',
      routePrefix: null,
      stripPrefix: false,
      memory: 512,
      maxDuration: 300,
      handler: 'app',
      packageManager: null,
    });
    expect(service.framework).toMatchObject({ slug: 'python', version: null, versionSource: null });
  });
});

describe('vercel.toml', () => {
  it('is read when there is no vercel.json', async () => {
    const fs = createMemoryFileSystem({
      'vercel.toml': '[experimentalServices.api]\nentrypoint = "main.go"\nroutePrefix = "/api"\n',
      'go.mod': 'module example.com/api\n\ngo 1.19\n',
      'main.go': 'package main\n',
    });
    const run = await detectServices({ root: '/project', fs });

    expect(run.configFile).toBe('vercel.toml');
    expect(run.errors).toEqual([]);
    expect(run.result?.services[0]).toMatchObject({ name: 'api', workspace: '.', runtime: 'go' });
  });
});

describe('a directory service below the manifest of its workspace', () => {
  it('says in its hint which manifest is above and what entrypoint to write', async () => {
    const detected = await detectServices({
      root: '/project',
      fs: createMemoryFileSystem({
        'vercel.json': JSON.stringify({
          experimentalServices: { go: { entrypoint: 'goapp/cmd/server', routePrefix: '/go' } },
        }),
        'goapp/go.mod': 'module x\n\ngo 1.19\n',
        'goapp/cmd/server/main.go': 'package main\n\nfunc main() {}\n',
      }),
    });
    expect(detected.errors.map((problem) => problem.code)).toEqual(['MISSING_SERVICE_FRAMEWORK']);
    expect(detected.errors[0]?.hint).toContain('"goapp/go.mod" is above this directory');
    expect(detected.errors[0]?.hint).toContain('point "entrypoint" at "goapp"');
  });
});

describe('evidence from a package.json written on one line', () => {
  it('quotes at most a line’s worth of it, not the whole file', async () => {
    const dependencies: Record<string, string> = { express: '^5.1.0' };
    for (let i = 0; i < 5000; i++) dependencies[`pkg-${i}`] = '1.0.0';
    const detected = await detectServices({
      root: '/project',
      fs: createMemoryFileSystem({
        'vercel.json': JSON.stringify({
          experimentalServices: { api: { entrypoint: 'api', routePrefix: '/api' } },
        }),
        'api/package.json': JSON.stringify({ name: 'api', dependencies }),
        'api/index.js': "const express = require('express');\nmodule.exports = express();\n",
      }),
    });
    const evidence = detected.result?.services[0]?.candidates[0]?.evidence ?? [];
    expect(evidence.map((item) => item.rule)).toContain('package.json#dependencies');
    for (const item of evidence) expect(item.detail.length).toBeLessThanOrEqual(120);
  });
});
