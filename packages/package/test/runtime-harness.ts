import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import type { PackedRuntime, Packer, StartSpec } from '../src/pack-types.js';
import { writeBundle } from '../src/write-bundle.js';

/**
 * Helpers for the runtime packer tests: pack a fixture, write the bundle to an empty
 * directory, start it as SPEC §3.1 says (only `PORT`, plus the `PATH` that finds the language
 * runtime), and send it HTTP.
 */

/** `expected.json` of a packer fixture. */
export interface RuntimeCase {
  service: ServiceSpec;
  start?: { command: string[]; cwd: string };
  files?: { present?: string[]; absent?: string[]; exactly?: string[] };
  requests?: { path: string; status: number; json?: unknown }[];
  /** The codes of the warnings the packer returns, sorted. */
  warnings?: string[];
  error?: {
    code: string;
    file?: string;
    line?: number;
    column?: number;
    messageIncludes?: string[];
  };
}

/** The fields of a service a fixture sets; the rest take detection's defaults. */
export interface ServiceSpec {
  name: string;
  framework: string;
  workspace: string;
  entrypoint: string;
  handler?: string;
  routePrefix: string;
  stripPrefix?: boolean;
}

const temporary: string[] = [];

/** A new empty temporary directory, removed by {@link removeTemporary}. */
export async function temporaryDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `svcpack-${label}-`));
  temporary.push(dir);
  return dir;
}

/** Removes every directory {@link temporaryDir} made. */
export async function removeTemporary(): Promise<void> {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Reads a fixture's `expected.json`. */
export async function readCase(dir: string): Promise<RuntimeCase> {
  return JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as RuntimeCase;
}

/** A `ResolvedService` as detection would give it for `spec`. */
export function resolvedService(spec: ServiceSpec): ResolvedService {
  const runtime = spec.framework === 'go' ? 'go' : 'python';
  return {
    name: spec.name,
    type: 'web',
    runtime,
    framework: {
      slug: spec.framework,
      name: spec.framework,
      version: null,
      versionSource: null,
      declared: null,
      locked: null,
      installed: null,
      library: runtime === 'go' ? 'net/http' : null,
    },
    candidates: [],
    workspace: spec.workspace,
    entrypoint: spec.entrypoint,
    handler: spec.handler ?? null,
    routePrefix: spec.routePrefix,
    stripPrefix: spec.stripPrefix ?? true,
    memory: null,
    maxDuration: null,
    includeFiles: [],
    excludeFiles: [],
    packageManager: null,
    buildCommand: null,
    installCommand: null,
  };
}

/** What {@link packFixture} gives back besides the packer's result. */
export interface PackOutcome {
  packed: PackedRuntime;
  debug: string[];
}

/** Runs `packer` on the project at `root`, with a fresh scratch directory. */
export async function packFixture(
  packer: Packer,
  root: string,
  service: ResolvedService,
  outputDirs?: string[],
): Promise<PackOutcome> {
  const debug: string[] = [];
  const scratch = await temporaryDir('scratch');
  const packed = await packer({
    root,
    service,
    build: true,
    scratch,
    ...(outputDirs ? { outputDirs } : {}),
    logger: { debug: (m) => debug.push(m), info: () => {}, warn: () => {} },
  });
  return { packed, debug };
}

/**
 * Writes a packed service into a new empty directory with the shared writer, and creates
 * `start.cwd`, which holds no file of a Go bundle without includeFiles (a FileSet has no
 * empty directories; the orchestrator must create it too).
 */
export async function writeToEmptyDir(packed: PackedRuntime): Promise<string> {
  const bundle = await temporaryDir('bundle');
  await writeBundle(packed.files, bundle);
  await mkdir(join(bundle, packed.start.cwd), { recursive: true });
  return bundle;
}

/** A started bundle. */
export interface RunningService {
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `start.command` in `bundle/start.cwd` with only `PORT` (and `PATH`, when the
 * command is a runtime looked up on it) in the environment; resolves once the port
 * answers HTTP, rejects with the output when the process exits first.
 */
export async function startBundle(
  bundle: string,
  start: StartSpec,
  path?: string,
): Promise<RunningService> {
  const port = await freePort();
  const [command, ...args] = start.command;
  if (!command) throw new Error('empty start command');
  const env: NodeJS.ProcessEnv = { PORT: String(port), ...(path ? { PATH: path } : {}) };
  const child = spawn(command, args, { cwd: join(bundle, start.cwd), env, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));

  const running: RunningService = {
    port,
    output: () => output,
    stop: () => stopChild(child),
  };
  await waitForHttp(port, child, () => output);
  return running;
}

/** One HTTP response, its body parsed as JSON when it is JSON. */
export interface Response {
  status: number;
  body: string;
  json: unknown;
}

/** GET `path` from 127.0.0.1:`port`. */
export function get(port: number, path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        resolve({ status: response.statusCode ?? 0, body, json });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(port: number, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the service exited before answering:\n${output()}`);
    try {
      await get(port, '/');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`the service did not answer on port ${port} within 30 s:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
