import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A packaged service running from a copy of its bundle in an empty temp dir. */
export interface RunningBundle {
  url: string;
  /** The temp dir the bundle was copied to. */
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

interface ServiceJson {
  start: { command: string[]; cwd: string; env: Record<string, string> };
}

/**
 * Copies `<serviceDir>/bundle` into an empty temp dir and runs `start.command` in
 * `start.cwd` with only `PORT` set (plus `PATH` and `HOME`, to find the language runtime),
 * as SPEC §3.1 promises; resolves once the port accepts HTTP.
 */
export async function startBundle(serviceDir: string): Promise<RunningBundle> {
  const spec = JSON.parse(await readFile(join(serviceDir, 'service.json'), 'utf8')) as ServiceJson;
  const dir = await mkdtemp(join(tmpdir(), 'svcpack-run-'));
  await cp(join(serviceDir, 'bundle'), dir, { recursive: true, verbatimSymlinks: true });
  const port = await freePort();
  const [command, ...args] = spec.start.command;
  if (!command) throw new Error(`${serviceDir}: start.command is empty`);
  const child = spawn(command, args, {
    cwd: join(dir, spec.start.cwd),
    env: { PORT: String(port), PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await kill(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dir, output: () => output, stop };
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`service exited with ${child.exitCode} before answering:\n${output()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`service did not answer on ${url} within 30 s:\n${output()}`);
}

function kill(child: ChildProcess): Promise<void> {
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
