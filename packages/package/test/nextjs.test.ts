import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  cp,
  link,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { startBundle } from '../../../test-support/run-bundle.js';
import { resolvedService } from '../../../test-support/services.js';
import type { PackContext, PackedRuntime } from '../src/pack-types.js';
import { packNext } from '../src/runtimes/nextjs.js';
import { type BundleSummary, writeBundle } from '../src/write-bundle.js';

const BASIC = join(FIXTURES, 'package/nextjs/basic');
const PAGE_TEXT = 'svcpack next fixture';

const silent = { debug() {}, info() {}, warn() {} };

afterAll(removeTemporary);

describe('packNext on a built Next.js app', () => {
  let project: string;
  let packed: PackedRuntime;
  let summary: BundleSummary;
  let bundle: string;
  let buildSeconds: number;

  beforeAll(async () => {
    installFixture(BASIC);
    project = await copyProject(BASIC, { nodeModules: 'link' });

    const started = performance.now();
    packed = await packNext(context(project, { build: true }));
    buildSeconds = (performance.now() - started) / 1000;

    bundle = join(await temporaryDir('next'), 'bundle');
    summary = await writeBundle(packed.files, bundle);
    console.info(
      `nextjs: build + pack ${buildSeconds.toFixed(1)} s, ${summary.files} files, ` +
        `${summary.bytes} bytes`,
    );
  });

  it('serves the page and its /_next/static assets from a copy started with only PORT set', async () => {
    await withServer(bundle, packed, {}, async (base) => {
      const page = await fetch(`${base}/`);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain(PAGE_TEXT);

      const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
      expect(asset).toBeDefined();
      const script = await fetch(`${base}${asset}`);
      expect(script.status).toBe(200);
      expect((await script.text()).length).toBeGreaterThan(0);

      const publicFile = await fetch(`${base}/hello.txt`);
      expect(publicFile.status).toBe(200);
      expect(await publicFile.text()).toContain('public file');
    });
  });

  it('binds the address in HOST rather than the HOSTNAME a shell or container sets', async () => {
    const env = { HOST: '127.0.0.2', HOSTNAME: 'name-of-some-machine.invalid' };
    await withServer(bundle, packed, env, async (base) => {
      expect((await fetch(`${base}/`)).status).toBe(200);
      const elsewhere = base.replace('127.0.0.2', '127.0.0.1');
      await expect(fetch(`${elsewhere}/`)).rejects.toThrow();
    });
  });

  it('builds an app whose config does not ask for standalone output standalone anyway', () => {
    expect(existsSync(join(BASIC, 'apps/web/next.config.js'))).toBe(false);
    expect(packed.files.has('apps/web/server.js')).toBe(true);
  });

  it('keeps project-relative paths: the app under its workspace, hoisted node_modules at the root', () => {
    const paths = [...packed.files.keys()];
    expect(paths).toContain('apps/web/.next/BUILD_ID');
    expect(paths).toContain('apps/web/public/hello.txt');
    expect(paths).toContain('node_modules/next/package.json');
    expect(paths).toContain('node_modules/react/package.json');
    expect(paths.some((path) => path.startsWith('apps/web/.next/static/chunks/'))).toBe(true);
    expect(paths.filter((path) => path.startsWith('_svcpack/'))).toEqual([
      '_svcpack/launch-next.mjs',
    ]);
    expect(packed.start).toEqual({
      command: ['node', '../../_svcpack/launch-next.mjs'],
      cwd: 'apps/web',
      env: { SVCPACK_ROUTE_PREFIX: '/', SVCPACK_SERVICE_NAME: 'web' },
    });
  });

  it('leaves out the .env file Next copies into its standalone output, with a warning', () => {
    expect(packed.files.has('apps/web/.env')).toBe(false);
    expect(packed.warnings.map((warning) => warning.code)).toEqual([
      'PACKAGE_NEXT_ENV_FILE_DROPPED',
    ]);
    expect(packed.warnings[0]?.file).toBe('apps/web/.env');
  });

  it('ships no absolute path of the project in the files of the app', async () => {
    const holding: string[] = [];
    for (const path of [...packed.files.keys()].filter((key) => key.startsWith('apps/'))) {
      const data = await readFile(join(bundle, path)).catch(() => Buffer.alloc(0));
      if (data.includes(project)) holding.push(path);
    }
    expect(holding).toEqual([]);
  });

  it('replaces the random build id with one derived from the build, everywhere', async () => {
    const buildId = (await readFile(join(bundle, 'apps/web/.next/BUILD_ID'), 'utf8')).trim();
    const nextsOwn = (await readFile(join(project, 'apps/web/.next/BUILD_ID'), 'utf8')).trim();
    expect(buildId).toMatch(/^[0-9a-f]{21}$/);
    expect(buildId).not.toBe(nextsOwn);
    expect(existsSync(join(bundle, 'apps/web/.next/static', buildId))).toBe(true);
    const html = await readFile(join(bundle, 'apps/web/.next/server/app/index.html'), 'utf8');
    expect(html).toContain(buildId);
    expect(html).not.toContain(nextsOwn);
  });

  it('gives the same bytes when the same checkout is built and packed again', async () => {
    const again = await packNext(context(project, { build: true }));
    const rewritten = await writeBundle(again.files, join(await temporaryDir('next'), 'bundle'));
    expect(rewritten).toEqual(summary);
  });

  it('packs the existing build with --no-build, giving the same bytes', async () => {
    const existing = await packNext(context(project, { build: false }));
    const rewritten = await writeBundle(existing.files, join(await temporaryDir('next'), 'bundle'));
    expect(rewritten).toEqual(summary);
  });
});

describe('packNext when it cannot package', () => {
  it('stops with PACKAGE_NEXT_NOT_BUILT when --no-build finds no build output', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    await expect(packNext(context(project, { build: false }))).rejects.toMatchObject({
      code: 'PACKAGE_NEXT_NOT_BUILT',
      problems: [expect.objectContaining({ file: 'apps/web/.next' })],
    });
  });

  it('stops with PACKAGE_NEXT_NOT_STANDALONE and the config to add for a non-standalone build', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    await writeFakeBuild(project, { standalone: false });
    const error = await packNext(context(project, { build: false })).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'PACKAGE_NEXT_NOT_STANDALONE' });
    expect(error.hint).toContain("output: 'standalone'");
    expect(error.hint).toContain("outputFileTracingRoot: path.join(__dirname, '../..')");
  });

  it('stops with PACKAGE_DEPENDENCIES_NOT_INSTALLED and the install command without node_modules', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    const error = await packNext(context(project, { build: true })).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'PACKAGE_DEPENDENCIES_NOT_INSTALLED' });
    expect(error.hint).toBe('Run "npm ci" in ".", then package again.');
  });

  it('stops with PACKAGE_BUILD_FAILED naming the command, its exit code and its last output', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'fake-next' });
    const buildCommand = 'echo compiling; echo "Type error in page.js" >&2; exit 3';
    const error = await packNext(context(project, { build: true }, { buildCommand })).catch(
      (caught) => caught,
    );
    expect(error).toMatchObject({ code: 'PACKAGE_BUILD_FAILED' });
    expect(error.message).toContain(`"${buildCommand}" in "apps/web" exited with code 3`);
    expect(error.message).toContain('compiling\nType error in page.js');
  });

  it('ends the build when the signal aborts', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'fake-next' });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('stopped by the test')), 300);
    const running = packNext({
      ...context(project, { build: true }, { buildCommand: 'sleep 30' }),
      signal: controller.signal,
    });
    await expect(running).rejects.toThrow('stopped by the test');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('packNext on standalone outputs of other shapes', () => {
  it('maps an output traced from the app directory under the workspace, with a warning', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    await writeFakeBuild(project, { relativeAppDir: '' });
    const packed = await packNext(context(project, { build: false }));
    expect([...packed.files.keys()]).toEqual(
      expect.arrayContaining(['apps/web/server.js', 'apps/web/node_modules/dep/index.js']),
    );
    expect(packed.warnings).toEqual([
      expect.objectContaining({ code: 'PACKAGE_NEXT_TRACING_ROOT', value: 'apps/web' }),
    ]);
  });

  it('stops with PACKAGE_NEXT_TRACING_ROOT when the output holds files from above the project', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    await writeFakeBuild(project, { relativeAppDir: 'basic/apps/web' });
    await expect(packNext(context(project, { build: false }))).rejects.toMatchObject({
      code: 'PACKAGE_NEXT_TRACING_ROOT',
    });
  });

  it('keeps symlinks inside the output as relative links and copies the ones leaving it', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    const standalone = await writeFakeBuild(project, {});
    await symlink('dep', join(standalone, 'node_modules/alias'));
    await symlink(join(project, 'apps/web/app/page.js'), join(standalone, 'node_modules/page.js'));
    const packed = await packNext(context(project, { build: false }));
    expect(packed.files.get('node_modules/alias')).toEqual({ kind: 'symlink', target: 'dep' });
    expect(packed.files.get('node_modules/page.js')).toMatchObject({ kind: 'file' });
    await writeBundle(packed.files, join(await temporaryDir('next'), 'bundle'));
  });

  it('stops with PACKAGE_UNREADABLE_FILE_NAME for a public/ file whose name is not UTF-8, unless excludeFiles names it', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    await writeFakeBuild(project, {});
    await mkdir(join(project, 'apps/web/public'), { recursive: true });
    const name = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.png')]);
    await writeFile(Buffer.concat([Buffer.from(join(project, 'apps/web/public/')), name]), 'x');

    await expect(packNext(context(project, { build: false }))).rejects.toMatchObject({
      code: 'PACKAGE_UNREADABLE_FILE_NAME',
      problems: [expect.objectContaining({ file: 'apps/web/public', value: 'caf\\xe9.png' })],
    });
    const excluded = { excludeFiles: ['public/caf?.png'] };
    const packed = await packNext(context(project, { build: false }, excluded));
    expect([...packed.files.keys()].filter((path) => path.includes('\uFFFD'))).toEqual([]);
    expect(packed.files.size).toBeGreaterThan(1);
  });

  it('warns when an app under a route prefix has no basePath for it, and not when it has', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    await writeFakeBuild(project, {});
    const prefixed = { routePrefix: '/dashboard' };
    const without = await packNext(context(project, { build: false }, prefixed));
    expect(without.warnings).toEqual([
      expect.objectContaining({ code: 'PACKAGE_NEXT_NO_BASE_PATH', expected: '/dashboard' }),
    ]);

    await writeFakeBuild(project, { basePath: '/dashboard' });
    const withBasePath = await packNext(context(project, { build: false }, prefixed));
    expect(withBasePath.warnings).toEqual([]);
  });

  it('rewrites the project path Next writes into its manifests, and warns about other files', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    const standalone = await writeFakeBuild(project, {});
    const chunk = join(standalone, 'apps/web/.next/server/chunk.js');
    await mkdir(join(chunk, '..'), { recursive: true });
    await writeFile(chunk, `module.exports = ${JSON.stringify(join(project, 'data.json'))};\n`);
    const copied = join(standalone, 'apps/web/.next/required-server-files.json');
    await cp(join(project, 'apps/web/.next/required-server-files.json'), copied);

    const packed = await packNext(context(project, { build: false }));
    const manifest = packed.files.get('apps/web/.next/required-server-files.json');
    expect(manifest?.kind).toBe('content');
    const parsed = JSON.parse(manifest?.kind === 'content' ? manifest.data.toString() : '{}');
    expect(parsed).toMatchObject({ appDir: '.', config: { outputFileTracingRoot: '../..' } });
    expect(packed.warnings).toEqual([
      expect.objectContaining({
        code: 'PACKAGE_NEXT_ABSOLUTE_PATH',
        value: ['apps/web/.next/server/chunk.js'],
      }),
    ]);
  });

  it('keeps a build id that the config generates', async () => {
    const project = await copyProject(BASIC, { nodeModules: 'none' });
    await writeFakeBuild(project, {});
    const config = 'module.exports = { generateBuildId: async () => "fakefakefakefakefake1" };\n';
    await writeFile(join(project, 'apps/web/next.config.js'), config);
    const packed = await packNext(context(project, { build: false }));
    expect(packed.files.get('apps/web/.next/BUILD_ID')).toMatchObject({ kind: 'file' });
  });
});

/** A Next.js `ResolvedService` for `apps/web`, as detection resolves the fixture. */
function service(overrides: Partial<ResolvedService> = {}): ResolvedService {
  return resolvedService({
    name: 'web',
    entrypoint: 'apps/web',
    workspace: 'apps/web',
    framework: {
      slug: 'nextjs',
      name: 'Next.js',
      version: '16.5.0',
      versionSource: 'lockfile',
      declared: '16.5.0',
      locked: '16.5.0',
    },
    routePrefix: '/',
    stripPrefix: false,
    packageManager: { name: 'npm', source: 'package-lock.json' },
    ...overrides,
  });
}

function context(
  root: string,
  options: { build: boolean },
  overrides: Partial<ResolvedService> = {},
): PackContext {
  return { root, service: service(overrides), build: options.build, scratch: root, logger: silent };
}

/** Installs the fixture's locked dependencies once; later runs reuse them. */
function installFixture(dir: string): void {
  if (existsSync(join(dir, 'node_modules/next/package.json'))) return;
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe' });
}

/**
 * Copies a fixture project to a temp dir without its build output. `node_modules` is
 * hard-linked (`link`: Next's tracing and Turbopack refuse symlinks leaving the root),
 * left out (`none`), or replaced by an empty `next` package (`fake-next`).
 */
async function copyProject(
  fixture: string,
  options: { nodeModules: 'link' | 'none' | 'fake-next' },
): Promise<string> {
  const project = join(await temporaryDir('next'), 'basic');
  await cp(fixture, project, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|\.next)$/.test(source),
  });
  if (options.nodeModules === 'link') {
    await linkTree(join(fixture, 'node_modules'), join(project, 'node_modules'));
  } else if (options.nodeModules === 'fake-next') {
    await mkdir(join(project, 'node_modules/next'), { recursive: true });
    await writeFile(join(project, 'node_modules/next/package.json'), '{"name":"next"}\n');
  }
  return project;
}

async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else await link(source, target);
  }
}

interface FakeBuild {
  /** Whether the build has a standalone dir (default true). */
  standalone?: boolean;
  /** Where the app sits below the tracing root in the standalone dir. */
  relativeAppDir?: string;
  basePath?: string;
}

/**
 * Writes the few files of a `.next` build that packaging reads, without running Next:
 * enough to test how outputs of other shapes are mapped. Returns the standalone dir.
 */
async function writeFakeBuild(project: string, build: FakeBuild): Promise<string> {
  const dist = join(project, 'apps/web/.next');
  await rm(dist, { recursive: true, force: true });
  const relativeAppDir = build.relativeAppDir ?? 'apps/web';
  const manifest = {
    version: 1,
    config: { basePath: build.basePath ?? '', outputFileTracingRoot: project },
    appDir: join(project, 'apps/web'),
    relativeAppDir,
    files: [],
    ignore: [],
  };
  await mkdir(join(dist, 'static/chunks'), { recursive: true });
  await writeFile(join(dist, 'required-server-files.json'), JSON.stringify(manifest));
  await writeFile(join(dist, 'BUILD_ID'), 'fakeBuildIdOfTheTests');
  await writeFile(join(dist, 'static/chunks/main.js'), 'console.log(1);\n');

  const standalone = join(dist, 'standalone');
  if (build.standalone === false) return standalone;
  const app = join(standalone, relativeAppDir);
  await mkdir(join(app, '.next'), { recursive: true });
  await writeFile(join(app, 'server.js'), 'require("dep");\n');
  await writeFile(join(app, '.next/BUILD_ID'), 'fakeBuildIdOfTheTests');
  await mkdir(join(standalone, 'node_modules/dep'), { recursive: true });
  await writeFile(join(standalone, 'node_modules/dep/index.js'), 'module.exports = 1;\n');
  return standalone;
}

/** Starts a copy of the bundle as SPEC §3.1 says, with `PORT` and `env` only, and runs `check`. */
async function withServer(
  bundle: string,
  packed: PackedRuntime,
  env: Record<string, string>,
  check: (base: string) => Promise<void>,
): Promise<void> {
  const [command] = packed.start.command;
  expect(command).toBe('node');
  const running = await startBundle(bundle, packed.start, { env });
  try {
    await check(running.url);
  } finally {
    await running.stop();
  }
}
