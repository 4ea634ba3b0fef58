import { describe, expect, it } from 'vitest';
import { SPEC_SERVICE_FIELDS } from '../../../test-support/services.js';
import { detectServices } from '../src/detect-services.js';
import { createMemoryFileSystem } from '../src/file-system.js';
import type { ResolvedService } from '../src/types.js';

/**
 * A copy of the demo monorepo's layout (fixtures/demo) in memory: a Next.js app at `/`,
 * a FastAPI file at `/server`, an Express directory at `/express`, a Go directory at
 * `/svc/go`, one npm workspace lockfile and hoisted node_modules at the root.
 */
const DEMO = {
  'vercel.json': `{
  "experimentalServices": {
    "web": { "entrypoint": "apps/web", "routePrefix": "/" },
    "backend": { "entrypoint": "backend/main.py", "routePrefix": "/server" },
    "express": { "entrypoint": "services/express", "routePrefix": "/express" },
    "go": { "entrypoint": "services/go", "routePrefix": "/svc/go" }
  }
}
`,
  'package.json': JSON.stringify(
    { name: 'svcpack-demo', private: true, workspaces: ['apps/web', 'services/express'] },
    null,
    2,
  ),
  'package-lock.json': JSON.stringify({
    name: 'svcpack-demo',
    lockfileVersion: 3,
    packages: {
      '': { name: 'svcpack-demo', workspaces: ['apps/web', 'services/express'] },
      'apps/web': { name: 'demo-web', dependencies: { next: '16.5.0' } },
      'node_modules/demo-web': { resolved: 'apps/web', link: true },
      'node_modules/express': { version: '5.1.0' },
      'node_modules/next': { version: '16.5.0' },
      'services/express': { name: 'demo-express', dependencies: { express: '^5.1.0' } },
    },
  }),
  'node_modules/express/package.json': '{ "name": "express", "version": "5.1.0" }',
  'node_modules/next/package.json': '{ "name": "next", "version": "16.5.0" }',
  'apps/web/package.json': `{
  "name": "demo-web",
  "private": true,
  "scripts": { "build": "next build" },
  "dependencies": {
    "next": "16.5.0",
    "react": "19.3.1",
    "react-dom": "19.3.1"
  }
}
`,
  'apps/web/next.config.js': "module.exports = { output: 'standalone' };\n",
  'apps/web/app/page.js': 'export default function Home() { return null; }\n',
  'backend/requirements.txt': 'fastapi>=0.90\nuvicorn>=0.17\n',
  'backend/greetings.py': 'def greeting(item_id: int) -> str:\n    return f"item {item_id}"\n',
  'backend/main.py': `from fastapi import FastAPI

from greetings import greeting

app = FastAPI(title="svcpack demo backend")
`,
  'services/express/package.json': `{
  "name": "demo-express",
  "main": "index.js",
  "dependencies": {
    "express": "^5.1.0"
  }
}
`,
  'services/express/index.js': `const express = require('express');
const routes = require('./routes');

const app = express();
app.use(routes);
module.exports = app;
`,
  'services/express/routes.js':
    "const { Router } = require('express');\nmodule.exports = Router();\n",
  'services/go/go.mod': 'module example.com/demo/go\n\ngo 1.19\n',
  'services/go/main.go':
    'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
};

describe('detectServices on the demo layout', () => {
  it('resolves the four services with their frameworks, versions and evidence', async () => {
    const run = await detectServices({ root: '/demo', fs: createMemoryFileSystem(DEMO) });

    expect(run.errors).toEqual([]);
    expect(run.warnings).toEqual([]);
    expect(run.configFile).toBe('vercel.json');
    expect(run.result).toEqual({ services: EXPECTED_SERVICES });
  });

  it('writes the fields of each service in the order of SPEC §2.1', async () => {
    const run = await detectServices({ root: '/demo', fs: createMemoryFileSystem(DEMO) });

    for (const service of run.result?.services ?? []) {
      expect(Object.keys(service)).toEqual(Object.keys(EXPECTED_SERVICES[0] as ResolvedService));
      expect(Object.keys(service.framework ?? {})).toEqual([
        'slug',
        'name',
        'version',
        'versionSource',
        'declared',
        'locked',
        'installed',
        'library',
      ]);
    }
    expect(Object.keys(EXPECTED_SERVICES[0] as ResolvedService)).toEqual(SPEC_SERVICE_FIELDS);
  });

  it('gives the same bytes on a second run', async () => {
    const first = await detectServices({ root: '/demo', fs: createMemoryFileSystem(DEMO) });
    const second = await detectServices({ root: '/demo', fs: createMemoryFileSystem(DEMO) });

    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('resolves only the services asked for', async () => {
    const run = await detectServices({
      root: '/demo',
      fs: createMemoryFileSystem(DEMO),
      services: ['go', 'backend'],
    });

    expect(run.result?.services.map((service) => service.name)).toEqual(['backend', 'go']);
  });

  it('names the declared services when asked for one that is not', async () => {
    const run = await detectServices({
      root: '/demo',
      fs: createMemoryFileSystem(DEMO),
      services: ['backnd'],
    });

    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatchObject({
      code: 'DETECT_UNKNOWN_SERVICE',
      value: 'backnd',
      expected: 'one of web, backend, express, go',
      suggestion: 'backend',
    });
  });
});

const EXPECTED_SERVICES: ResolvedService[] = [
  {
    name: 'backend',
    type: 'web',
    runtime: 'python',
    framework: {
      slug: 'fastapi',
      name: 'FastAPI',
      version: '>=0.90',
      versionSource: 'manifest',
      declared: '>=0.90',
      locked: null,
      installed: null,
      library: null,
    },
    candidates: [
      {
        slug: 'fastapi',
        accuracy: 'dependency',
        evidence: [
          {
            rule: 'requirements.txt#dependencies',
            file: 'backend/requirements.txt',
            line: 1,
            endLine: 1,
            matched: true,
            detail: 'fastapi>=0.90',
          },
          {
            rule: 'superseded',
            file: 'backend/requirements.txt',
            line: null,
            endLine: null,
            matched: true,
            detail:
              'python matches too (requirements.txt declares dependencies) and is superseded by fastapi',
          },
        ],
      },
    ],
    workspace: 'backend',
    entrypoint: 'backend/main.py',
    handler: 'app',
    routePrefix: '/server',
    stripPrefix: true,
    memory: null,
    maxDuration: null,
    includeFiles: [],
    excludeFiles: [],
    packageManager: {
      name: 'pip',
      source: 'backend/requirements.txt',
    },
    buildCommand: null,
    installCommand: null,
  },
  {
    name: 'express',
    type: 'web',
    runtime: 'node',
    framework: {
      slug: 'express',
      name: 'Express',
      version: '5.1.0',
      versionSource: 'installed',
      declared: '^5.1.0',
      locked: '5.1.0',
      installed: '5.1.0',
      library: null,
    },
    candidates: [
      {
        slug: 'express',
        accuracy: 'dependency',
        evidence: [
          {
            rule: 'package.json#dependencies',
            file: 'services/express/package.json',
            line: 5,
            endLine: 5,
            matched: true,
            detail: '"express": "^5.1.0"',
          },
          {
            rule: 'content',
            file: 'services/express/index.js',
            line: 1,
            endLine: 1,
            matched: true,
            detail: "const express = require('express');",
          },
        ],
      },
    ],
    workspace: 'services/express',
    entrypoint: 'services/express/index.js',
    handler: null,
    routePrefix: '/express',
    stripPrefix: true,
    memory: null,
    maxDuration: null,
    includeFiles: [],
    excludeFiles: [],
    packageManager: {
      name: 'npm',
      source: 'package-lock.json',
    },
    buildCommand: null,
    installCommand: null,
  },
  {
    name: 'go',
    type: 'web',
    runtime: 'go',
    framework: {
      slug: 'go',
      name: 'Go',
      version: '1.19',
      versionSource: 'manifest',
      declared: '1.19',
      locked: null,
      installed: null,
      library: 'net/http',
    },
    candidates: [
      {
        slug: 'go',
        accuracy: 'config',
        evidence: [
          {
            rule: 'file',
            file: 'services/go/go.mod',
            line: null,
            endLine: null,
            matched: true,
            detail: 'go.mod exists',
          },
          {
            rule: 'file',
            file: 'services/go/main.go',
            line: null,
            endLine: null,
            matched: true,
            detail: 'main.go exists',
          },
        ],
      },
    ],
    workspace: 'services/go',
    entrypoint: 'services/go',
    handler: null,
    routePrefix: '/svc/go',
    stripPrefix: true,
    memory: null,
    maxDuration: null,
    includeFiles: [],
    excludeFiles: [],
    packageManager: {
      name: 'go',
      source: 'services/go/go.mod',
    },
    buildCommand: null,
    installCommand: null,
  },
  {
    name: 'web',
    type: 'web',
    runtime: 'node',
    framework: {
      slug: 'nextjs',
      name: 'Next.js',
      version: '16.5.0',
      versionSource: 'installed',
      declared: '16.5.0',
      locked: '16.5.0',
      installed: '16.5.0',
      library: null,
    },
    candidates: [
      {
        slug: 'nextjs',
        accuracy: 'dependency',
        evidence: [
          {
            rule: 'package.json#dependencies',
            file: 'apps/web/package.json',
            line: 6,
            endLine: 6,
            matched: true,
            detail: '"next": "16.5.0"',
          },
        ],
      },
    ],
    workspace: 'apps/web',
    entrypoint: 'apps/web',
    handler: null,
    routePrefix: '/',
    stripPrefix: false,
    memory: null,
    maxDuration: null,
    includeFiles: [],
    excludeFiles: [],
    packageManager: {
      name: 'npm',
      source: 'package-lock.json',
    },
    buildCommand: null,
    installCommand: null,
  },
];
