import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { isSvcpackError } from '@svcpack/detect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES as ALL_FIXTURES,
  readJson,
  removeTemporary,
  temporaryDir,
} from '../../../test-support/fixtures.js';
import {
  expectPackError,
  packFixture,
  type RuntimeCase,
  readCase,
  writeToEmptyDir,
} from '../../../test-support/pack-cases.js';
import { get, startBundle } from '../../../test-support/run-bundle.js';
import { resolvedService, resolverFor } from '../../../test-support/services.js';
import { packageServices } from '../src/package-services.js';
import { evaluateMarker, parseRequirement } from '../src/python/python-requirement.js';
import { entryModule, packPython } from '../src/runtimes/python.js';

const run = promisify(execFile);
const FIXTURES = join(ALL_FIXTURES, 'package/python');

/** A fixture that builds the service's `.venv` from a local wheel before packing. */
interface VenvCase extends RuntimeCase {
  venv?: { python: string; systemSitePackages: boolean; wheel: string };
}

/** The directory of the real `python3` first on PATH (pyenv's, with pydantic 2). */
let runtimePath: string;

beforeAll(async () => {
  const { stdout } = await run('python3', ['-c', 'import sys; print(sys.executable)']);
  runtimePath = [dirname(stdout.trim()), '/usr/bin', '/bin'].join(delimiter);
});

afterAll(removeTemporary);

describe('packPython', async () => {
  const cases = (await readdir(FIXTURES)).sort();

  it.each(cases)('packs and serves the %s fixture as its expected.json says', async (name) => {
    const expected = (await readCase(join(FIXTURES, name))) as VenvCase;
    const root = expected.venv
      ? await projectWithVenv(join(FIXTURES, name), expected.venv)
      : join(FIXTURES, name);
    const service = resolvedService(expected.service);

    if (expected.error) {
      await expectPackError(packPython, root, service, expected.error);
      return;
    }

    const { packed } = await packFixture(packPython, root, service);
    expect(packed.start).toMatchObject(expected.start ?? {});
    if (expected.warnings) {
      expect(packed.warnings.map((w) => w.code).sort()).toEqual(expected.warnings);
    }
    const paths = [...packed.files.keys()];
    for (const path of expected.files?.present ?? []) expect(paths).toContain(path);
    for (const path of expected.files?.absent ?? []) expect(paths).not.toContain(path);
    expect(paths.filter((p) => p.includes('__pycache__') || p.endsWith('.pyc'))).toEqual([]);
    expect(paths.every((p) => !p.startsWith('/') && !p.includes('..'))).toBe(true);

    const bundle = await writeToEmptyDir(packed);
    const service_ = await startBundle(bundle, packed.start, { path: runtimePath });
    try {
      for (const request of expected.requests ?? []) {
        const response = await get(service_.port, request.path);
        expect(response.status, `${request.path}: ${response.body}`).toBe(request.status);
        if (request.json !== undefined) expect(response.json).toEqual(request.json);
      }
    } finally {
      await service_.stop();
    }
  });

  it('runs the bundle isolated from the site-packages of the python3 that starts it', async () => {
    // The python3 the bundles start with has pydantic 2; the fastapi-basic bundle answers
    // with its own pydantic 1 (its /health says which), so nothing was borrowed.
    const { stdout } = await run('python3', ['-c', 'import pydantic; print(pydantic.VERSION)'], {
      env: { PATH: runtimePath },
    });
    expect(stdout.trim()).toMatch(/^2\./);
  });

  it('names the chosen interpreter and the ones passed over in debug output', async () => {
    const root = join(FIXTURES, 'fastapi-basic');
    const expected = await readCase(root);
    const { packed, debug } = await packFixture(
      packPython,
      root,
      resolvedService(expected.service),
    );
    expect(debug.join('\n')).toMatch(/passed over python3 on PATH .*"fastapi>=0\.90" \(missing\)/);
    expect(debug.join('\n')).toContain('/usr/bin/python3 (Python');
    expect(packed.start.env.SVCPACK_PYTHON_VERSION).toMatch(/^3\.\d+\.\d+$/);
    expect(packed.start.env.SVCPACK_ROUTE_PREFIX).toBe('/server');
  });

  it('fails with PACKAGE_PYTHON_NO_SERVER when a FastAPI service does not require uvicorn', async () => {
    const root = await temporaryDir('no-server');
    await cp(join(FIXTURES, 'fastapi-basic'), root, { recursive: true });
    await writeFile(join(root, 'backend/requirements.txt'), 'fastapi\n');
    const expected = await readCase(root);
    const failure = await packFixture(packPython, root, resolvedService(expected.service)).catch(
      (error: unknown) => error,
    );
    expect(isSvcpackError(failure) && failure.code).toBe('PACKAGE_PYTHON_NO_SERVER');
    expect(isSvcpackError(failure) && failure.hint).toContain('uvicorn');
  });

  it('reports every import of the service that no requirement provides, naming the installed distribution that would', async () => {
    const root = join(FIXTURES, 'undeclared-import');
    const expected = await readCase(root);
    // The python3 on PATH has no FastAPI; Debian's /usr/bin/python3 has it, undeclared.
    process.env.SVCPACK_PYTHON = '/usr/bin/python3';
    const failure = await packFixture(packPython, root, resolvedService(expected.service))
      .catch((error: unknown) => error)
      .finally(() => delete process.env.SVCPACK_PYTHON);
    expect(isSvcpackError(failure), String(failure)).toBe(true);
    if (!isSvcpackError(failure)) return;
    const { stdout } = await run('/usr/bin/python3', [
      '-c',
      'import importlib.metadata as m; print(m.version("fastapi"))',
    ]);

    expect(
      failure.problems.map(({ code, file, line, value }) => ({ code, file, line, value })),
    ).toEqual([
      {
        code: 'PACKAGE_PYTHON_UNDECLARED_IMPORT',
        file: 'backend/main.py',
        line: 1,
        value: 'fastapi',
      },
      {
        code: 'PACKAGE_PYTHON_UNDECLARED_IMPORT',
        file: 'backend/main.py',
        line: 3,
        value: 'svcpack_fixture_module_installed_nowhere',
      },
    ]);
    const [fastapi, nowhere] = failure.problems;
    expect(fastapi?.message).toMatch(
      /, installed for Python 3\.\d+\.\d+ from \/usr\/bin\/python3\b.*, provides it/,
    );
    expect(fastapi?.hint).toContain(`"fastapi==${stdout.trim()}"`);
    expect(fastapi?.hint).toContain('"backend/requirements.txt"');
    expect(nowhere?.message).toContain('no distribution installed');
    expect(nowhere?.hint).toMatch(/^Declare the distribution .* and install it/);
  });

  it('leaves svcpack output directories inside the workspace out of the sources', async () => {
    const root = await temporaryDir('output-inside');
    await cp(join(FIXTURES, 'fastapi-basic'), root, { recursive: true });
    await mkdir(join(root, 'backend/out/services'), { recursive: true });
    await writeFile(join(root, 'backend/out/services/old.py'), 'stale = True\n');
    const expected = await readCase(root);
    const service = resolvedService(expected.service);
    const { packed } = await packFixture(packPython, root, service, ['backend/out']);
    expect([...packed.files.keys()].filter((path) => path.startsWith('backend/out'))).toEqual([]);
    expect(packed.files.has('backend/main.py')).toBe(true);
  });

  it('writes the installed framework version of the shipped interpreter, not the declared range, into service.json', async () => {
    const root = await temporaryDir('framework-version');
    await cp(join(FIXTURES, 'fastapi-basic'), root, { recursive: true });
    const expected = await readCase(root);
    const service = resolvedService({
      ...expected.service,
      framework: { slug: 'fastapi', version: '>=0.90', versionSource: 'manifest' },
    });
    const { stdout } = await run('/usr/bin/python3', [
      '-c',
      'import importlib.metadata as m; print(m.version("fastapi"))',
    ]);

    const out = join(root, '.svcpack', 'output');
    await packageServices({ root, out, resolve: resolverFor([service]) });
    const serviceJson = await readJson<{ framework: unknown }>(
      join(out, 'services/backend/service.json'),
    );

    expect(serviceJson.framework).toEqual({ slug: 'fastapi', version: stdout.trim() });
    expect(stdout.trim()).toMatch(/^\d+\.\d+/);
  });

  it('fails with PACKAGE_PYTHON_NOT_FOUND when no interpreter can be run', async () => {
    const root = join(FIXTURES, 'fastapi-basic');
    const expected = await readCase(root);
    process.env.SVCPACK_PYTHON = '/nonexistent/bin/python3';
    try {
      const failure = await packFixture(packPython, root, resolvedService(expected.service)).catch(
        (error: unknown) => error,
      );
      expect(isSvcpackError(failure) && failure.code).toBe('PACKAGE_PYTHON_NOT_FOUND');
      expect(String(failure)).toContain('/nonexistent/bin/python3');
    } finally {
      delete process.env.SVCPACK_PYTHON;
    }
  });
});

describe('evaluateMarker', () => {
  const linux311 = {
    implementation_name: 'cpython',
    os_name: 'posix',
    platform_python_implementation: 'CPython',
    python_full_version: '3.11.2',
    python_version: '3.11',
    sys_platform: 'linux',
  };

  it.each([
    ['python_version < "3.8"', '', false],
    ['python_version >= "3.10"', '', true],
    ['python_full_version > "3.11.1"', '', true],
    ['extra == "standard"', 'standard', true],
    ['extra == "standard"', '', false],
    ['extra == "Dev_Tools"', 'dev-tools', true],
    [
      'sys_platform != "win32" and (sys_platform != "cygwin" and platform_python_implementation != "PyPy")',
      '',
      true,
    ],
    ['"linux" in sys_platform', '', true],
    ['os_name == "nt" or python_version < "3"', '', false],
  ])('evaluates %s (extra %j) to %s on CPython 3.11 on Linux', (marker, extra, result) => {
    const requirement = parseRequirement(`x ; ${marker}`);
    expect(requirement?.marker).toBeTruthy();
    if (requirement?.marker)
      expect(evaluateMarker(requirement.marker, linux311, extra)).toBe(result);
  });

  it('normalises names and extras as PEP 503 and PEP 685 say', () => {
    expect(parseRequirement('Foo_Bar.baz[Extra_One] >= 1.0')).toMatchObject({
      key: 'foo-bar-baz',
      extras: ['extra-one'],
      specifier: '>=1.0',
    });
  });
});

describe('entryModule', () => {
  it.each([
    ['backend', 'backend/main.py', 'main'],
    ['backend', 'backend/app/main.py', 'app.main'],
    ['.', 'app/__init__.py', 'app'],
    ['backend', 'backend/my-app.py', null],
    ['backend', 'other/main.py', null],
  ])('maps workspace %s and entry %s to module %s', (workspace, entrypoint, module) => {
    expect(entryModule(workspace, entrypoint)).toBe(module);
  });
});

/**
 * Copies a fixture to a temporary project and creates its service's `.venv` offline: a
 * venv of `venv.python` (seeing that interpreter's packages when `systemSitePackages`),
 * plus a wheel zipped from `venv.wheel` and installed with pip, so the copy has a RECORD.
 */
async function projectWithVenv(
  fixture: string,
  venv: NonNullable<VenvCase['venv']>,
): Promise<string> {
  const root = await temporaryDir('venv-project');
  await cp(fixture, root, { recursive: true });
  const expected = await readCase(root);
  const venvDir = join(root, expected.service.workspace, '.venv');
  const flags = venv.systemSitePackages ? ['--system-site-packages'] : [];
  await run(venv.python, ['-m', 'venv', '--without-pip', ...flags, venvDir]);

  const wheel = join(root, 'svcpack_tiny-1.0-py3-none-any.whl');
  await run(venv.python, ['-c', ZIP_WHEEL, join(root, venv.wheel), wheel]);
  await run(join(venvDir, 'bin/python3'), [
    '-m',
    'pip',
    'install',
    '-q',
    '--no-index',
    '--no-deps',
    wheel,
  ]);
  return root;
}

/** Zips a directory into a wheel, writing the RECORD that pip checks. */
const ZIP_WHEEL = `
import base64, hashlib, os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
files = sorted(os.path.relpath(os.path.join(d, f), src) for d, _, fs in os.walk(src) for f in fs)
record_name = next(f for f in files if f.endswith(".dist-info/METADATA")).replace("METADATA", "RECORD")
lines = []
with zipfile.ZipFile(out, "w") as wheel:
    for name in files:
        data = open(os.path.join(src, name), "rb").read()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        lines.append("%s,sha256=%s,%d" % (name, digest, len(data)))
        wheel.writestr(name, data)
    wheel.writestr(record_name, "\\n".join(lines + [record_name + ",,"]) + "\\n")
`;
