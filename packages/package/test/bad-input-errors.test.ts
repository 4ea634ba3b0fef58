import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import { isSvcpackError } from '@svcpack/detect';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  copyFixture,
  FIXTURES,
  removeTemporary,
  temporaryDir,
} from '../../../test-support/fixtures.js';
import { startService } from '../../../test-support/run-bundle.js';
import { resolvedService, resolverFor } from '../../../test-support/services.js';
import { escapeName } from '../src/file-names.js';
import { packageServices } from '../src/package-services.js';
import { readRequirements } from '../src/python/read-requirements.js';
import { packPython } from '../src/runtimes/python.js';
import { digestDirectory } from '../src/write-bundle.js';

// Bad input a new user's trial found: each must stop `package` with a coded problem that
// says what, where, why and what to do, and leave the earlier output as it was.

/** `caf\xe9.txt` as bytes: Latin-1 é, which is no UTF-8 character. */
const BAD_FILE = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.txt')]);

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

let project: string;
let out: string;

beforeAll(async () => {
  project = await copyFixture('package/node/no-deps');
  await rm(join(project, 'apps/broken'), { recursive: true });
});

beforeEach(async () => {
  out = join(project, '.svcpack', `output-${Math.random().toString(36).slice(2)}`);
});

afterAll(removeTemporary);

/**
 * Declares `services` in the project's vercel.json, two-space indented (so a service's
 * fields start on line 4, column 7), and packs them.
 */
async function packDeclared(
  config: Record<string, Record<string, unknown>>,
  services: ResolvedService[],
) {
  const text = `${JSON.stringify({ experimentalServices: config }, null, 2)}\n`;
  await writeFile(join(project, 'vercel.json'), text);
  return packageServices({ root: project, out, resolve: resolverFor(services) });
}

/** Packs, expecting a failure; returns its problems. */
async function failure(run: Promise<unknown>) {
  const thrown = await run.then(
    () => null,
    (error: unknown) => error,
  );
  expect(isSvcpackError(thrown), String(thrown)).toBe(true);
  return isSvcpackError(thrown) ? thrown.problems : [];
}

/** Names beside `out` that a failed run may have left. */
async function leftovers(): Promise<string[]> {
  const names = await readdir(dirname(out));
  return names.filter((name) => name.startsWith(`${out.split('/').pop()}.`));
}

/** Creates a file whose name is given as bytes, below `dir` (absolute). */
async function touchBytes(dir: string, name: Buffer): Promise<string> {
  const path = Buffer.concat([Buffer.from(`${dir}/`), name]);
  await writeFile(path, 'x');
  return path.toString('latin1');
}

describe('a file name that is not valid UTF-8', () => {
  const declared = {
    web: { entrypoint: 'apps/web/server.js', routePrefix: '/' },
    api: { entrypoint: 'apps/api/handler.mjs', routePrefix: '/api', includeFiles: '**' },
  };
  const withGlob = { ...api, includeFiles: ['**'] };
  let bad: Buffer;

  beforeAll(async () => {
    await touchBytes(join(project, 'apps/api'), BAD_FILE);
    bad = Buffer.concat([Buffer.from(join(project, 'apps/api/')), BAD_FILE]);
  });

  afterAll(async () => {
    await rm(bad, { force: true });
  });

  it('stops package with PACKAGE_UNREADABLE_FILE_NAME naming the directory and the escaped name, and leaves the earlier output', async () => {
    await packDeclared(declared, [web, api]);
    const before = await digestDirectory(out);

    const problems = await failure(packDeclared(declared, [web, withGlob]));

    expect(problems).toEqual([
      expect.objectContaining({
        code: 'PACKAGE_UNREADABLE_FILE_NAME',
        file: 'apps/api',
        value: 'caf\\xe9.txt',
        message: expect.stringContaining('"caf\\xe9.txt" in "apps/api/" of the service "api"'),
        hint: expect.stringContaining('"excludeFiles": ["caf?.txt"]'),
      }),
    ]);
    expect(problems[0]?.message).toContain('UTF-8 JSON');
    expect(await digestDirectory(out)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('packages the service when excludeFiles holds the pattern the hint gives, and the bundle serves', async () => {
    const excluded = { ...withGlob, excludeFiles: ['caf?.txt'] };
    await packDeclared({ ...declared, api: { ...declared.api, excludeFiles: ['caf?.txt'] } }, [
      web,
      excluded,
    ]);
    const bundle = join(out, 'services/api/bundle');

    expect((await readdir(join(bundle, 'apps/api'))).sort()).toEqual([
      'handler.mjs',
      'package.json',
    ]);
    const service = await startService(join(out, 'services/api'));
    try {
      const response = await fetch(`${service.url}/api/hello`);
      expect(await response.text()).toBe('api saw /hello');
    } finally {
      await service.stop();
    }
  });

  it('does not fail a service whose files never include it', async () => {
    const result = await packDeclared(declared, [web, api]);

    expect(result.services.map((service) => service.name)).toEqual(['api', 'web']);
  });

  it('stops package for a directory so named that a pattern reaches into, as a directory', async () => {
    const dirBytes = Buffer.concat([Buffer.from(join(project, 'apps/api/d')), Buffer.from([0xe9])]);
    await mkdir(dirBytes);
    await writeFile(Buffer.concat([dirBytes, Buffer.from('/x.txt')]), 'x');
    try {
      const problems = await failure(
        packDeclared(declared, [web, { ...withGlob, excludeFiles: ['caf?.txt'] }]),
      );

      expect(problems).toEqual([
        expect.objectContaining({
          code: 'PACKAGE_UNREADABLE_FILE_NAME',
          value: 'd\\xe9',
          message: expect.stringContaining('directory name "d\\xe9"'),
          hint: expect.stringContaining('"excludeFiles": ["d?/**"]'),
        }),
      ]);
    } finally {
      await rm(dirBytes, { recursive: true, force: true });
    }
  });

  it('ships a name that holds a real U+FFFD, which is valid UTF-8', async () => {
    const real = join(project, 'apps/api/real-\uFFFD.txt');
    await writeFile(real, 'x');
    try {
      await packDeclared(declared, [web, { ...withGlob, excludeFiles: ['caf?.txt'] }]);

      expect(await readdir(join(out, 'services/api/bundle/apps/api'))).toContain('real-\uFFFD.txt');
    } finally {
      await rm(real);
    }
  });

  it('stops a Python service whose workspace holds it before any interpreter is asked, unless it is in a directory never shipped', async () => {
    const python = await copyFixture('package/python/fastapi-basic');
    const service = resolvedService({
      name: 'backend',
      framework: 'fastapi',
      entrypoint: 'backend/main.py',
    });
    const context = {
      root: python,
      service,
      build: false,
      scratch: await temporaryDir('scratch'),
      logger: { debug() {}, info() {}, warn() {} },
    };
    await mkdir(join(python, 'backend/__pycache__'));
    await touchBytes(join(python, 'backend/__pycache__'), BAD_FILE);
    await touchBytes(join(python, 'backend'), BAD_FILE);

    const problems = await failure(packPython(context));

    expect(problems).toEqual([
      expect.objectContaining({
        code: 'PACKAGE_UNREADABLE_FILE_NAME',
        file: 'backend',
        value: 'caf\\xe9.txt',
      }),
    ]);
  });

  it('escapes each byte that is no UTF-8 character and keeps the characters around it', () => {
    const name = Buffer.concat([Buffer.from('né-'), Buffer.from([0xff, 0xc3]), Buffer.from('x')]);

    expect(escapeName(name)).toBe('né-\\xff\\xc3x');
  });
});

describe('PACKAGE_INCLUDE_MATCHED_NOTHING', () => {
  it('is located in vercel.json at the pattern, by line and column', async () => {
    const result = await packDeclared(
      {
        api: {
          entrypoint: 'apps/api/handler.mjs',
          routePrefix: '/api',
          includeFiles: ['handler.mjs', 'nothing-here/**'],
        },
      },
      [{ ...api, includeFiles: ['handler.mjs', 'nothing-here/**'] }],
    );

    expect(result.warnings).toEqual([
      expect.objectContaining({
        code: 'PACKAGE_INCLUDE_MATCHED_NOTHING',
        file: 'vercel.json',
        pointer: '/experimentalServices/api/includeFiles/1',
        line: 8,
        column: 9,
      }),
    ]);
  });

  it('is located at the string when includeFiles is one pattern', async () => {
    const result = await packDeclared(
      { api: { entrypoint: 'apps/api/handler.mjs', routePrefix: '/api', includeFiles: 'nope' } },
      [{ ...api, includeFiles: ['nope'] }],
    );

    expect(result.warnings).toEqual([
      expect.objectContaining({
        file: 'vercel.json',
        pointer: '/experimentalServices/api/includeFiles',
        line: 6,
        column: 23,
      }),
    ]);
  });

  it('says that a pattern naming a symlink loop names one, with the chain', async () => {
    await symlink('self', join(project, 'apps/api/self'));
    await symlink('b', join(project, 'apps/api/a'));
    await symlink('a', join(project, 'apps/api/b'));
    try {
      const patterns = ['self', 'a'];
      const result = await packDeclared(
        {
          api: { entrypoint: 'apps/api/handler.mjs', routePrefix: '/api', includeFiles: patterns },
        },
        [{ ...api, includeFiles: patterns }],
      );

      expect(result.warnings.map((warning) => warning.message)).toEqual([
        'The includeFiles pattern "self" of the service "api" names a symlink loop (apps/api/self -> apps/api/self), which leads to no file.',
        'The includeFiles pattern "a" of the service "api" names a symlink loop (apps/api/a -> apps/api/b -> apps/api/a), which leads to no file.',
      ]);
      expect(result.warnings.map((warning) => warning.line)).toEqual([7, 8]);
    } finally {
      await Promise.all(['self', 'a', 'b'].map((name) => rm(join(project, 'apps/api', name))));
    }
  });
});

describe('PACKAGE_INVALID_SYMLINK', () => {
  it('is located at the entrypoint in vercel.json and names the link and its target', async () => {
    const outside = await temporaryDir('outside');
    await writeFile(join(outside, 'server.js'), 'module.exports = (req, res) => res.end("x");\n');
    await mkdir(join(project, 'apps/linked'), { recursive: true });
    await writeFile(join(project, 'apps/linked/package.json'), '{"name":"linked"}\n');
    await symlink(join(outside, 'server.js'), join(project, 'apps/linked/server.js'));
    const linked = resolvedService({ name: 'linked', entrypoint: 'apps/linked/server.js' });
    try {
      const problems = await failure(
        packDeclared({ linked: { entrypoint: 'apps/linked/server.js', routePrefix: '/linked' } }, [
          linked,
        ]),
      );

      expect(problems).toEqual([
        expect.objectContaining({
          code: 'PACKAGE_INVALID_SYMLINK',
          file: 'vercel.json',
          pointer: '/experimentalServices/linked/entrypoint',
          line: 4,
          column: 21,
          value: { link: 'apps/linked/server.js', target: join(outside, 'server.js') },
          message: expect.stringContaining(
            `"apps/linked/server.js" is a symlink to "${join(outside, 'server.js')}"`,
          ),
        }),
      ]);
      expect(await leftovers()).toEqual([]);
    } finally {
      await rm(join(project, 'apps/linked'), { recursive: true, force: true });
    }
  });
});

describe('PACKAGE_PYTHON_INVALID_REQUIREMENT', () => {
  it("reports every bad line of requirements.txt at its line and column, without the parser's own position", async () => {
    const root = join(FIXTURES, 'package/python/invalid-requirements');
    const thrown = await readRequirements(root, 'backend').catch((error: unknown) => error);

    expect(isSvcpackError(thrown)).toBe(true);
    if (!isSvcpackError(thrown)) return;
    expect(
      thrown.problems.map(({ code, file, line, column, value }) => ({
        code,
        file,
        line,
        column,
        value,
      })),
    ).toEqual([
      {
        code: 'PACKAGE_PYTHON_INVALID_REQUIREMENT',
        file: 'backend/requirements.txt',
        line: 2,
        column: 3,
        value: 'flask>=>2',
      },
      {
        code: 'PACKAGE_PYTHON_INVALID_REQUIREMENT',
        file: 'backend/requirements.txt',
        line: 5,
        column: 1,
        value: 'requests ==',
      },
    ]);
    for (const item of thrown.problems) expect(item.message).not.toMatch(/Line \d+, col \d+/);
    expect(await readFile(join(root, 'backend/requirements.txt'), 'utf8')).toContain('uvicorn');
  });
});
