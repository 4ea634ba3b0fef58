import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import { detectToolchains } from '../src/detect-toolchain.js';
import { createMemoryFileSystem } from '../src/file-system.js';
import type { Toolchain } from '../src/types.js';

/**
 * fixtures/detect/package-managers/<case>/: one case per manager and rule. detect-fixtures
 * checks each expected.json's `services`, `errors` and `warnings`; this harness checks its
 * `toolchains`, exactly and in key order.
 */
const ROOT = fileURLToPath(new URL('../../../fixtures/detect/package-managers/', import.meta.url));
const cases = readdirSync(ROOT).sort();

describe('toolchain fixtures', () => {
  it.each(cases)('%s gives the toolchains its expected.json holds', async (name) => {
    const root = join(ROOT, name);
    const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as {
      toolchains: Record<string, Toolchain>;
    };
    const detected = await detectServices({ root, inferServices: true });
    const { toolchains } = await detectToolchains({
      root,
      services: detected.result?.services ?? [],
    });

    expect(toolchains).toEqual(expected.toolchains);
    expect(JSON.stringify(toolchains)).toBe(JSON.stringify(expected.toolchains));
  });

  it.each(cases)('%s names the same manager in the toolchain as in the service', async (name) => {
    const root = join(ROOT, name);
    const services = (await detectServices({ root, inferServices: true })).result?.services ?? [];
    const { toolchains } = await detectToolchains({ root, services });
    for (const service of services) {
      const manager = toolchains[service.name]?.packageManager ?? null;
      const shown = manager?.source ? { name: manager.name, source: manager.source } : null;
      expect(service.packageManager).toEqual(shown);
    }
  });

  it('covers every manager and rule it documents', async () => {
    const seen = new Set<string>();
    for (const name of cases) {
      const expected = JSON.parse(readFileSync(join(ROOT, name, 'expected.json'), 'utf8')) as {
        toolchains: Record<string, Toolchain>;
      };
      for (const toolchain of Object.values(expected.toolchains)) {
        seen.add(`manager:${toolchain.packageManager?.name}`);
        seen.add(`rule:${toolchain.packageManager?.rule}`);
        if (toolchain.workspaceRoot) seen.add(`workspace:${toolchain.workspaceRoot.rule}`);
      }
    }
    const wanted = [
      ...['npm', 'pnpm', 'yarn', 'bun', 'uv', 'poetry', 'pipenv', 'pip', 'go'].map(
        (manager) => `manager:${manager}`,
      ),
      ...[
        'lockfile',
        'packageManager-field',
        'pyproject-tool-table',
        'manifest-only',
        'default',
      ].map((rule) => `rule:${rule}`),
      ...[
        'package.json#workspaces',
        'pnpm-workspace.yaml#packages',
        'pyproject.toml#tool.uv.workspace',
        'go.work#use',
      ].map((rule) => `workspace:${rule}`),
    ];
    expect(wanted.filter((item) => !seen.has(item))).toEqual([]);
  });
});

/** Detects the one service `svc` of an in-memory project and its toolchain. */
async function toolchainOf(service: Record<string, unknown>, files: Record<string, string>) {
  const config = JSON.stringify({ experimentalServices: { svc: service } }, null, 2);
  const fs = createMemoryFileSystem({ 'vercel.json': config, ...files });
  const detected = await detectServices({ root: '/project', fs });
  expect(detected.errors).toEqual([]);
  const services = detected.result?.services ?? [];
  const toolchain = (await detectToolchains({ root: '/project', fs, services })).toolchains.svc;
  return { service: services[0], toolchain: toolchain as Toolchain, warnings: detected.warnings };
}

const EXPRESS = "const express = require('express');\nmodule.exports = express();\n";
const FASTAPI = 'from fastapi import FastAPI\n\napp = FastAPI()\n';

describe('package manager rules', () => {
  it('lets a lockfile decide over the packageManager field, taking the version when they agree', async () => {
    const { toolchain } = await toolchainOf(
      { entrypoint: 'api/index.js', routePrefix: '/api' },
      {
        'package.json': '{ "private": true, "packageManager": "yarn@4.5.0+sha512.abc" }',
        'yarn.lock': '# yarn lockfile v1\n',
        'api/package.json': '{ "name": "api", "dependencies": { "express": "^4.0.0" } }',
        'api/index.js': EXPRESS,
      },
    );

    expect(toolchain.packageManager).toMatchObject({
      name: 'yarn',
      version: '4.5.0',
      rule: 'lockfile',
      source: 'yarn.lock',
    });
    // The pinned version says Berry, whatever the lockfile's header claims.
    expect(toolchain.install).toMatchObject({ command: 'yarn install --immutable', cwd: '.' });
  });

  it('falls back to a file only pnpm reads when nothing else names a manager', async () => {
    const { service, toolchain } = await toolchainOf(
      { entrypoint: 'index.js', routePrefix: '/' },
      {
        'package.json': '{ "name": "app", "dependencies": { "express": "^4.0.0" } }',
        'pnpm-workspace.yaml': 'onlyBuiltDependencies:\n  - esbuild\n',
        'index.js': EXPRESS,
      },
    );

    expect(toolchain.packageManager).toMatchObject({ name: 'pnpm', rule: 'manager-file' });
    expect(service?.packageManager).toEqual({ name: 'pnpm', source: 'pnpm-workspace.yaml' });
    // A settings-only pnpm-workspace.yaml lists no packages: no workspace.
    expect(toolchain.workspaceRoot).toBeNull();
    expect(toolchain.install).toMatchObject({ command: 'pnpm install', rule: 'manifest' });
  });

  it('keeps a uv exclude out of the workspace, so the excluded project decides alone', async () => {
    const { toolchain } = await toolchainOf(
      { entrypoint: 'packages/legacy/main.py', routePrefix: '/' },
      {
        'pyproject.toml':
          '[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/legacy"]\n',
        'uv.lock': 'version = 1\n',
        'packages/legacy/requirements.txt': 'fastapi\n',
        'packages/legacy/main.py': FASTAPI,
      },
    );

    expect(toolchain.workspaceRoot).toBeNull();
    expect(toolchain.packageManager).toMatchObject({
      name: 'pip',
      rule: 'manifest-only',
      source: 'packages/legacy/requirements.txt',
    });
    expect(toolchain.install).toMatchObject({
      command: 'pip install -r requirements.txt',
      cwd: 'packages/legacy',
    });
  });

  it('reads a root pyproject.toml with only [tool.uv] settings as no workspace of a pip service', async () => {
    const { toolchain } = await toolchainOf(
      { entrypoint: 'api/main.py', routePrefix: '/' },
      {
        'pyproject.toml': '[tool.uv]\ndev-dependencies = ["ruff"]\n',
        'api/requirements.txt': 'fastapi\n',
        'api/main.py': FASTAPI,
      },
    );

    expect(toolchain.packageManager).toMatchObject({ name: 'pip', source: 'api/requirements.txt' });
    expect(toolchain.workspaceRoot).toBeNull();
  });

  it('syncs a uv project that is its own workspace root without --package', async () => {
    const { toolchain } = await toolchainOf(
      { entrypoint: 'main.py', routePrefix: '/' },
      {
        'pyproject.toml':
          '[project]\nname = "root"\ndependencies = ["fastapi"]\n\n[tool.uv.workspace]\nmembers = ["libs/*"]\n',
        'uv.lock': 'version = 1\n',
        'main.py': FASTAPI,
      },
    );

    expect(toolchain.workspaceRoot).toEqual({
      directory: '.',
      rule: 'pyproject.toml#tool.uv.workspace',
      source: 'pyproject.toml',
      line: 5,
      member: false,
      package: 'root',
    });
    expect(toolchain.install).toEqual({
      command: 'uv sync --frozen',
      cwd: '.',
      rule: 'lockfile',
      source: 'uv.lock',
      line: null,
    });
  });

  it('builds a Go service in the directory of its entry file', async () => {
    const { toolchain } = await toolchainOf(
      { entrypoint: 'svc/cmd/server/main.go', routePrefix: '/' },
      {
        'svc/go.mod': 'module example.com/svc\n\ngo 1.19\n',
        'svc/cmd/server/main.go':
          'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
      },
    );

    expect(toolchain.build).toEqual({
      command: 'go build',
      cwd: 'svc/cmd/server',
      rule: 'go-build',
      source: 'svc/go.mod',
      line: null,
    });
    expect(toolchain.install).toMatchObject({ command: 'go mod download', cwd: 'svc' });
  });

  it('locates configured commands in vercel.toml too', async () => {
    const fs = createMemoryFileSystem({
      'vercel.toml':
        '[experimentalServices.api]\nentrypoint = "api/main.py"\nroutePrefix = "/"\ninstallCommand = "pip install -r requirements.txt --no-deps"\n',
      'api/requirements.txt': 'fastapi\n',
      'api/main.py': FASTAPI,
    });
    const detected = await detectServices({ root: '/project', fs });
    const services = detected.result?.services ?? [];
    const { toolchains } = await detectToolchains({ root: '/project', fs, services });

    expect(toolchains.api?.install).toEqual({
      command: 'pip install -r requirements.txt --no-deps',
      cwd: 'api',
      rule: 'config',
      source: 'vercel.toml',
      line: 4,
    });
    expect(services[0]?.installCommand).toBe('pip install -r requirements.txt --no-deps');
  });
});

describe('a workspace file only the toolchain reads', () => {
  it('is a warning when it does not parse, and the toolchain is worked out without it', async () => {
    const fs = createMemoryFileSystem({
      'vercel.json': JSON.stringify({
        experimentalServices: { api: { entrypoint: 'apps/api', routePrefix: '/api' } },
      }),
      'pnpm-workspace.yaml': 'packages:\n  - "apps/*\n',
      'package.json': '{"name":"root","private":true}',
      'apps/api/package.json': '{"name":"api","dependencies":{"express":"^5.1.0"}}',
      'apps/api/index.js': "module.exports = require('express')();\n",
    });
    const detected = await detectServices({ root: '/project', fs });
    const services = detected.result?.services ?? [];
    const { toolchains, warnings } = await detectToolchains({ root: '/project', fs, services });
    expect(warnings.map((item) => [item.code, item.file])).toEqual([
      ['DETECT_UNREADABLE_MANIFEST', 'pnpm-workspace.yaml'],
    ]);
    expect(toolchains.api?.packageManager?.name).toBe('pnpm');
  });
});
