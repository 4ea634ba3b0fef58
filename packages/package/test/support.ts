import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetectServicesResult, ResolvedService } from '@svcpack/detect';
import type { StartSpec } from '../src/pack-types.js';

/** The repository's `fixtures/` directory. */
export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

/** A hand-made {@link ResolvedService}, as `@svcpack/detect` would resolve it. */
export function resolvedService(
  fields: Partial<Omit<ResolvedService, 'framework'>> & {
    name: string;
    entrypoint: string;
    framework?: string | null;
  },
): ResolvedService {
  const { framework, ...rest } = fields;
  return {
    type: 'web',
    runtime: 'node',
    candidates: [],
    workspace: dirname(fields.entrypoint),
    handler: null,
    routePrefix: `/${fields.name}`,
    stripPrefix: true,
    memory: null,
    maxDuration: null,
    includeFiles: [],
    excludeFiles: [],
    packageManager: null,
    buildCommand: null,
    installCommand: null,
    ...rest,
    framework:
      framework === undefined || framework === null
        ? null
        : {
            slug: framework,
            name: framework,
            version: null,
            versionSource: null,
            declared: null,
            locked: null,
            installed: null,
            library: null,
          },
  };
}

/** A resolver for `packageServices({ resolve })` that returns these services. */
export function resolverFor(services: ResolvedService[]): () => Promise<DetectServicesResult> {
  return async () => ({
    result: { services: [...services].sort((a, b) => (a.name < b.name ? -1 : 1)) },
    errors: [],
    warnings: [],
    configFile: 'vercel.json',
  });
}

/** Copies a fixture (without any `node_modules`) into a fresh temp directory. */
export async function copyFixture(path: string): Promise<string> {
  const target = await mkdtemp(join(tmpdir(), 'svcpack-fixture-'));
  await cp(join(FIXTURES, path), target, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !source.split('/').includes('node_modules'),
  });
  return target;
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise(output)
        : reject(new Error(`${command} ${args.join(' ')}: ${code}\n${output}`)),
    );
  });
}

/** Installs a fixture's locked dependencies with npm, from the cache when it can. */
export async function npmCi(dir: string): Promise<void> {
  const args = ['ci', '--no-audit', '--no-fund', '--ignore-scripts'];
  await run('npm', [...args, '--offline'], dir).catch(() => run('npm', args, dir));
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePromise(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A started bundle: its base URL, its output so far, and how to stop it. */
export interface RunningService {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `start.command` in `<bundle>/<start.cwd>` with only `PORT` set (and `PATH`, so
 * that `node` is found), the way SPEC §3.1 says a bundle runs, and waits until it answers.
 */
export async function startBundle(bundle: string, start: StartSpec): Promise<RunningService> {
  const port = await freePort();
  const [command, ...args] = start.command as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: join(bundle, start.cwd),
    env: { PORT: String(port), PATH: dirname(process.execPath) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolvePromise) => child.on('close', () => resolvePromise()));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited early:\n${output}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      () => true,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`the service did not answer on ${url}:\n${output}`);
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 100));
  }

  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}

/** Reads a JSON file. */
export async function readJson<T = unknown>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}
