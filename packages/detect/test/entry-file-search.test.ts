import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import { createMemoryFileSystem, type DetectFileSystem } from '../src/file-system.js';
import { MAX_DEPTH, MAX_FILES_READ } from '../src/find-python-app.js';
import type { Problem } from '../src/types.js';

const PEERS = fileURLToPath(new URL('../../../fixtures/detect/peers/', import.meta.url));
const REQUIREMENTS = 'fastapi==0.115.0\nuvicorn==0.30.0\n';
const FASTAPI = 'from fastapi import FastAPI\n\napp = FastAPI()\n';

/** Runs detect on an in-memory project whose vercel.json declares `services`. */
function detect(services: Record<string, unknown>, files: Record<string, string>, wrap = same) {
  const config = JSON.stringify({ experimentalServices: services }, null, 2);
  const fs = wrap(createMemoryFileSystem({ 'vercel.json': config, ...files }));
  return detectServices({ root: '/project', fs });
}

/** A directory service `api` at `/api` holding `files` (paths below `api/`). */
function detectApi(files: Record<string, string>, wrap = same) {
  const below = Object.fromEntries(
    Object.entries(files).map(([path, text]) => [`api/${path}`, text]),
  );
  return detect({ api: { entrypoint: 'api', routePrefix: '/api' } }, below, wrap);
}

function same(fs: DetectFileSystem): DetectFileSystem {
  return fs;
}

function only(problems: Problem[], code: string): Problem {
  expect(problems.map((item) => item.code)).toEqual([code]);
  return problems[0] as Problem;
}

/** `fs` with its listings reversed: a search that sorts must not care. */
function reversed(fs: DetectFileSystem): DetectFileSystem {
  return { ...fs, readdir: async (path) => (await fs.readdir(path)).reverse() };
}

/** A solver module whose app is bound after `lines` lines of other code. */
function deepApp(lines: number, binding = 'app = FastAPI(title="solver")'): string {
  const body = Array.from({ length: lines }, (_, index) => `VALUE_${index} = ${index}`);
  return ['from fastapi import FastAPI', ...body, binding, ''].join('\n');
}

describe('a directory with fastapi but no app (peers.md §4a D4)', () => {
  it('fails with DETECT_NO_ENTRY_FILE naming the candidate, the files read and why none qualifies', async () => {
    const root = join(PEERS, 'd4-fastapi-without-app');
    const run = await detectServices({ root });
    const error = only(run.errors, 'DETECT_NO_ENTRY_FILE');

    expect(run.result?.services).toEqual([]);
    expect(error.message).toContain('FastAPI is detected (fastapi==0.115.0 at requirements.txt:1)');
    expect(error.message).toContain('no Python file binds one at top level (app = FastAPI())');
    expect(error.message).toContain('the usual entry file api/index.py');
    expect(error.message).toContain(
      'api/index.py:4 defines class handler(BaseHTTPRequestHandler), a request handler for http.server',
    );
    expect(error.value).toEqual(['api/index.py']);
    expect(error.hint).toBe(
      'Create the app at top level (app = FastAPI()) in the module that serves requests, then pin it: "entrypoint": "api/index.py".',
    );
    expect(error).toMatchObject({ file: 'vercel.json', line: 3 });
  });

  it('warns DETECT_NO_APP_OBJECT when the stub file itself is the entrypoint', async () => {
    const root = join(PEERS, 'd4-entrypoint-is-stub-file');
    const run = await detectServices({ root });
    const warning = only(run.warnings, 'DETECT_NO_APP_OBJECT');

    expect(run.errors).toEqual([]);
    expect(warning.message).toBe(
      'Entrypoint "api/index.py" of service "api" binds no app object at top level, so the bundle would fail at start: FastAPI is detected (fastapi==0.115.0 at requirements.txt:1), but the file has no "app = FastAPI()"; line 4 defines class handler(BaseHTTPRequestHandler), a request handler for http.server, not an ASGI or WSGI app.',
    );
    expect(warning.hint).toContain('"entrypoint": "api.index:app"');
  });

  it('proposes no silent root service when there is no config either', async () => {
    const stub = readFileSync(join(PEERS, 'd4-fastapi-without-app/api/index.py'), 'utf8');
    for (const files of [
      { 'requirements.txt': REQUIREMENTS, 'api/index.py': stub },
      { 'requirements.txt': REQUIREMENTS, 'index.py': stub },
    ]) {
      const run = await detectServices({
        root: '/project',
        fs: createMemoryFileSystem(files),
        inferServices: true,
      });

      expect(run.result?.services ?? []).toEqual([]);
      expect(run.errors.length).toBe(1);
    }
  });

  it('does not warn about a file entrypoint that binds an app-like name, star-imports, or names its attribute', async () => {
    const run = await detect(
      {
        named: { entrypoint: 'named.py', routePrefix: '/n' },
        star: { entrypoint: 'star.py', routePrefix: '/s' },
        attr: { entrypoint: 'stub:handler', routePrefix: '/a' },
      },
      {
        'requirements.txt': REQUIREMENTS,
        'named.py': 'from factory import create_app\n\napp = create_app()\n',
        'star.py': 'from service.app import *\n',
        'stub.py': 'handler = None\n',
      },
    );

    expect(run.errors).toEqual([]);
    expect(run.warnings).toEqual([]);
  });

  it('still starts a usual entry file that binds the app through a factory, without searching', async () => {
    const run = await detectApi({
      'requirements.txt': REQUIREMENTS,
      'main.py': 'from service import create_app\n\napplication = create_app()\n',
      'service/app.py': FASTAPI,
    });

    expect(run.errors).toEqual([]);
    expect(run.warnings).toEqual([]);
    expect(run.result?.services[0]).toMatchObject({
      entrypoint: 'api/main.py',
      handler: 'application',
    });
  });
});

describe('an app deep in a module off the usual paths (peers.md §4a D5)', () => {
  it('is found in solver/main.py, with a warning that names file:line and the config to pin it', async () => {
    const run = await detectServices({ root: join(PEERS, 'd5-fastapi-app-deep-in-solver') });
    const warning = only(run.warnings, 'DETECT_ENTRY_FILE_GUESSED');

    expect(run.result?.services[0]).toMatchObject({
      entrypoint: 'api/solver/main.py',
      handler: 'app',
    });
    // solver/__init__.py, solver/grid.py, solver/main.py, scripts/seed.py; tests/ skipped.
    expect(warning.message).toBe(
      `Service "api" has no app in the usual entry files of "api"; it starts the FastAPI app found at api/solver/main.py:224 (app = FastAPI(...)), a guess from 4 Python files read up to ${MAX_DEPTH} directories down.`,
    );
    expect(warning.hint).toBe(
      'Pin it: "entrypoint": "api/solver/main.py" (or "api.solver.main:app", which names the app too).',
    );
  });

  it('resolves the same with either pinned form of the hint, and then warns no more', async () => {
    const files = {
      'api/requirements.txt': REQUIREMENTS,
      'api/solver/main.py': deepApp(230),
    };
    for (const entrypoint of ['api/solver/main.py', 'api.solver.main:app']) {
      const run = await detect({ api: { entrypoint, routePrefix: '/api' } }, files);

      expect(run.errors).toEqual([]);
      expect(run.warnings).toEqual([]);
      expect(run.result?.services[0]).toMatchObject({
        workspace: 'api',
        entrypoint: 'api/solver/main.py',
        handler: 'app',
      });
    }
  });

  it('lists every module that binds an app instead of picking one', async () => {
    const run = await detectServices({ root: join(PEERS, 'd5-two-apps-found-by-search') });
    const error = only(run.errors, 'DETECT_AMBIGUOUS_ENTRY_FILE');

    expect(error.message).toBe(
      'Directory "api" of service "api" has no app in its usual entry files, and 2 modules below it bind one: api/admin/service.py:5 (admin = FastAPI(...)), api/solver/main.py:3 (app = FastAPI(...)).',
    );
    expect(error.value).toEqual(['api/admin/service.py:5', 'api/solver/main.py:3']);
  });

  it('finds a Flask app the same way, and only the detected framework’s app', async () => {
    const run = await detectApi({
      'requirements.txt': 'flask==3.0.0\n',
      'web/site.py': 'from flask import Flask\n\nsite = Flask(__name__)\n',
      'tools/mock.py': FASTAPI,
    });

    only(run.warnings, 'DETECT_ENTRY_FILE_GUESSED');
    expect(run.result?.services[0]).toMatchObject({
      framework: { slug: 'flask' },
      entrypoint: 'api/web/site.py',
      handler: 'site',
    });
  });

  it('skips environments, dependencies, caches and tests, and goes no deeper than its limit', async () => {
    const run = await detectApi({
      'requirements.txt': REQUIREMENTS,
      '.venv/lib/python3.11/site-packages/demo/app.py': FASTAPI,
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/app.py': FASTAPI,
      'node_modules/pkg/app.py': FASTAPI,
      '__pycache__/app.py': FASTAPI,
      'tests/app.py': FASTAPI,
      'service/test_app.py': FASTAPI,
      'service/conftest.py': FASTAPI,
      'a/b/c/d/deep.py': FASTAPI,
      'my-scripts/app.py': FASTAPI,
    });
    const error = only(run.errors, 'DETECT_NO_ENTRY_FILE');

    expect(error.value).toEqual([]);
    expect(error.message).toContain(
      `no usual entry file (app.py, main.py, index.py, server.py; also in src/, app/, api/), and no other Python file up to ${MAX_DEPTH} directories below "api"`,
    );
  });

  it('reads at most its cap of files, in sorted order, and says where it stopped', async () => {
    const files: Record<string, string> = { 'requirements.txt': REQUIREMENTS };
    for (let index = 0; index < MAX_FILES_READ + 20; index++) {
      files[`pkg/module_${String(index).padStart(3, '0')}.py`] = `VALUE = ${index}\n`;
    }
    files['pkg/zz_last.py'] = FASTAPI;
    const run = await detectApi(files);
    const shuffled = await detectApi(files, reversed);
    const error = only(run.errors, 'DETECT_NO_ENTRY_FILE');

    expect(error.value).toHaveLength(MAX_FILES_READ);
    expect((error.value as string[])[0]).toBe('api/pkg/module_000.py');
    expect(error.message).toContain(`stopping at the cap of ${MAX_FILES_READ} files`);
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(run));
  });

  it('reads only the Python files its listings show, each once, whatever their order', async () => {
    const reads: string[] = [];
    const counting = (fs: DetectFileSystem): DetectFileSystem => ({
      ...reversed(fs),
      readFile: (path) => {
        reads.push(path);
        return fs.readFile(path);
      },
    });
    const files = {
      'requirements.txt': REQUIREMENTS,
      'solver/__init__.py': '',
      'solver/main.py': deepApp(230),
      'solver/grid.py': 'SIZE = 9\n',
    };
    const run = await detectApi(files, counting);

    expect(run.result?.services[0]).toMatchObject({ entrypoint: 'api/solver/main.py' });
    const python = reads.filter((path) => path.endsWith('.py'));
    expect(new Set(python).size).toBe(python.length);
    expect(python.sort()).toEqual([
      'api/solver/__init__.py',
      'api/solver/grid.py',
      'api/solver/main.py',
    ]);
  });
});

describe('the D5 fixture', () => {
  it('binds its app after line 200, as the report it stands for', () => {
    const source = readFileSync(
      join(PEERS, 'd5-fastapi-app-deep-in-solver/api/solver/main.py'),
      'utf8',
    );
    const line = source.split('\n').findIndex((text) => text.startsWith('app = FastAPI(')) + 1;

    expect(line).toBeGreaterThan(200);
  });
});
