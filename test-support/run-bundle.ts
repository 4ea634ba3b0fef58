import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/**
 * Runs bundles the way SPEC §3.1 promises they run: copied to an empty temp dir, started
 * with only `PORT` set (plus `PATH` and `HOME`, so that the language runtime is found), and
 * answering HTTP on that port.
 */

/** What a bundle is started with: `service.json`'s `start`, or a packer's `StartSpec`. */
export interface BundleStart {
  command: string[];
  cwd: string;
}

/** How to start a bundle besides its `start`. */
export interface StartOptions {
  /**
   * The `PATH` the bundle sees; by default the directory of this `node`, then `/usr/bin`
   * and `/bin`.
   */
  path?: string;
  /** More variables, such as `HOST`; the bundle's URL uses `HOST` when it is set. */
  env?: Record<string, string>;
}

/** A bundle running from its own copy. */
export interface RunningBundle {
  /** `http://<HOST or 127.0.0.1>:<port>`, without a trailing slash. */
  url: string;
  port: number;
  /** The temp dir the bundle was copied to; removed by `stop`. */
  dir: string;
  /** Its stdout and stderr so far. */
  output(): string;
  /** Ends the service and every process it started, then removes the copy. */
  stop(): Promise<void>;
}

/** One HTTP response, its body parsed as JSON when it is JSON. */
export interface HttpResponse {
  status: number;
  body: string;
  json: unknown;
}

/** The `PATH` that finds `node` (the one running the tests), `python3` and `sh`. */
export const RUNTIME_PATH = [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);

const ANSWER_WITHIN_MS = 30_000;
const STOP_WITHIN_MS = 5_000;

/**
 * Copies `bundle` into an empty temp dir and runs `start.command` in its `start.cwd`;
 * resolves once the port answers HTTP, and rejects with the output when the process exits
 * first or does not answer within 30 s.
 */
export async function startBundle(
  bundle: string,
  start: BundleStart,
  options: StartOptions = {},
): Promise<RunningBundle> {
  const [command, ...args] = start.command;
  if (!command) throw new Error(`${bundle}: start.command is empty`);
  const dir = await mkdtemp(join(tmpdir(), 'svcpack-run-'));
  await cp(bundle, dir, { recursive: true, verbatimSymlinks: true });
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: join(dir, start.cwd),
    env: { PORT: String(port), PATH: options.path ?? RUNTIME_PATH, HOME: dir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that `stop` reaches whatever the launcher starts.
    detached: true,
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => {
    // `close`, not `exit`: by then all of its output has been read.
    child.once('close', () => resolve());
    child.once('error', (error) => {
      output += `${error.message}\n`;
      resolve();
    });
  });

  const url = `http://${options.env?.HOST ?? '127.0.0.1'}:${port}`;
  const stop = async () => {
    await stopTree(child, exited);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(url, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dir, output: () => output, stop };
}

/** Starts the bundle of a packaged service, `<serviceDir>/bundle`, as its `service.json` says. */
export async function startService(
  serviceDir: string,
  options: StartOptions = {},
): Promise<RunningBundle> {
  const serviceJson = await readFile(join(serviceDir, 'service.json'), 'utf8');
  const { start } = JSON.parse(serviceJson) as { start: BundleStart };
  return startBundle(join(serviceDir, 'bundle'), start, options);
}

/** GET `path` from 127.0.0.1:`port`, without keep-alive. */
export function get(port: number, path: string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body, json: parse(body) }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

/** A TCP port nothing listened on a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHttp(url: string, exited: Promise<void>, output: () => string) {
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const deadline = Date.now() + ANSWER_WITHIN_MS;
  while (Date.now() < deadline) {
    if (done) throw new Error(`the service exited before answering on ${url}:\n${output()}`);
    const answered = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      async (response) => {
        await response.body?.cancel();
        return true;
      },
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service did not answer on ${url} within 30 s:\n${output()}`);
}

/** SIGTERM to the child's process group, SIGKILL when it is still there after 5 s. */
async function stopTree(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), STOP_WITHIN_MS);
  await exited;
  clearTimeout(timer);
  // Whatever the launcher left behind in the group.
  signalGroup('SIGKILL');
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
