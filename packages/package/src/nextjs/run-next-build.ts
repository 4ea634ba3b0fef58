import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, posix, relative } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import { SvcpackError } from '@svcpack/detect';
import type { Logger } from '../pack-types.js';

/** Options of {@link runNextBuild}. */
export interface RunNextBuildOptions {
  /** Absolute project root. */
  root: string;
  service: ResolvedService;
  logger: Logger;
  signal?: AbortSignal | undefined;
}

/** How many lines of the build's output an error quotes. */
const OUTPUT_TAIL_LINES = 30;

/** How much of the build's output is kept in memory for that tail. */
const OUTPUT_TAIL_BYTES = 64 * 1024;

/**
 * Runs the build of a Next.js service in its workspace: `buildCommand` when one is
 * configured, else `next build` through the app's own installed `next`.
 *
 * The build is asked for standalone output without touching the user's files: Next's
 * default config reads `output` from `NEXT_PRIVATE_STANDALONE` (`server/config-shared.js`;
 * Netlify's Next.js runtime relies on the same switch), and its tracing root from
 * `NEXT_PRIVATE_OUTPUT_TRACE_ROOT` (`server/config.js`). A config that sets `output` or
 * `outputFileTracingRoot` itself still wins over both; {@link readNextOutput} then reports
 * what came out. Throws `PACKAGE_DEPENDENCIES_NOT_INSTALLED` when `next` is not installed
 * and `PACKAGE_BUILD_FAILED` when the build exits non-zero.
 */
export async function runNextBuild(options: RunNextBuildOptions): Promise<void> {
  const { root, service, logger, signal } = options;
  const appDir = join(root, service.workspace);
  const nextDir = findNextPackage(root, service.workspace);
  if (nextDir === null) throw dependenciesNotInstalled(service);

  const binary = nextBinary(nextDir);
  const command =
    service.buildCommand === null
      ? { file: process.execPath, args: [binary, 'build'], shell: false }
      : { file: service.buildCommand, args: [], shell: true };
  const shown = service.buildCommand ?? `node ${toPosix(relative(appDir, binary))} build`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [...binDirectories(root, service.workspace), process.env.PATH ?? ''].join(delimiter),
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_PRIVATE_STANDALONE: 'true',
    NEXT_PRIVATE_OUTPUT_TRACE_ROOT: root,
  };

  logger.debug(`nextjs: running "${shown}" in ${service.workspace}`);
  const outcome = await run(command, appDir, env, signal);
  if (outcome.code === 0) return;

  const how =
    outcome.code === null ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
  throw SvcpackError.of(
    'PACKAGE_BUILD_FAILED',
    `The build of service "${service.name}" failed: "${shown}" in "${service.workspace}" ${how}.\n` +
      outcome.tail,
    {
      file: service.workspace,
      value: shown,
      hint: `Run "${shown}" in "${service.workspace}" to see the whole output, fix the build, then package again.`,
    },
  );
}

/**
 * Finds the installed `next` package of a workspace: the nearest `node_modules/next` from
 * the workspace up to the project root, as Node's resolution would. Returns its absolute
 * directory, or `null`.
 */
export function findNextPackage(root: string, workspace: string): string | null {
  for (const dir of ancestors(root, workspace)) {
    const candidate = join(dir, 'node_modules', 'next');
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return null;
}

/** The next step for a workspace whose `next` is not installed. */
function dependenciesNotInstalled(service: ResolvedService): SvcpackError {
  const install = installCommand(service);
  return SvcpackError.of(
    'PACKAGE_DEPENDENCIES_NOT_INSTALLED',
    `Service "${service.name}" uses Next.js, but no node_modules/next is installed in ` +
      `"${service.workspace}" or above it; svcpack packages the dependencies you installed.`,
    {
      file: service.workspace,
      hint: `Run "${install.command}" in "${install.dir}", then package again.`,
    },
  );
}

/** The install command to suggest, and the project-relative directory to run it in. */
function installCommand(service: ResolvedService): { command: string; dir: string } {
  const manager = service.packageManager;
  const dir = manager === null ? service.workspace : posix.dirname(manager.source);
  if (service.installCommand !== null) return { command: service.installCommand, dir };

  switch (manager?.name) {
    case 'pnpm':
      return { command: 'pnpm install --frozen-lockfile', dir };
    case 'yarn':
      return { command: 'yarn install', dir };
    case 'bun':
      return { command: 'bun install', dir };
    default:
      return {
        command: manager?.source.endsWith('package-lock.json') ? 'npm ci' : 'npm install',
        dir,
      };
  }
}

/** `dist/bin/next` as the package's own `bin` field names it. */
function nextBinary(nextDir: string): string {
  const manifest = JSON.parse(readFileSync(join(nextDir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.next;
  return join(nextDir, bin ?? 'dist/bin/next');
}

/** Every `node_modules/.bin` from the workspace up to the root, nearest first, as npm runs scripts. */
function binDirectories(root: string, workspace: string): string[] {
  return ancestors(root, workspace).map((dir) => join(dir, 'node_modules', '.bin'));
}

/** The workspace directory and each of its parents up to the project root, nearest first. */
function ancestors(root: string, workspace: string): string[] {
  const dirs: string[] = [];
  let dir = join(root, workspace);
  while (true) {
    dirs.push(dir);
    if (relative(root, dir) === '') return dirs;
    const parent = dirname(dir);
    if (parent === dir) return dirs;
    dir = parent;
  }
}

interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of stdout and stderr, interleaved as they came. */
  tail: string;
}

/**
 * Spawns the build in a process group of its own, so that an abort ends Next's build
 * workers too, not only the parent.
 */
function run(
  command: { file: string; args: string[]; shell: boolean },
  cwd: string,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
): Promise<RunOutcome> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, {
      cwd,
      env,
      shell: command.shell,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);

    const abort = () => killGroup(child.pid);
    signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', abort);
      reject(error);
    });
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return reject(signal.reason);
      resolve({ code, signal: killedBy, tail: lastLines(output, OUTPUT_TAIL_LINES) });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGTERM');
  } catch {
    // The build ended on its own between the abort and the kill.
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split(/\r?\n/).slice(-count).join('\n');
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}
