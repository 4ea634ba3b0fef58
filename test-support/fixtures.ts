import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `fixtures/` directory. */
export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

const temporary: string[] = [];

/** A new empty temp directory, removed by {@link removeTemporary}. */
export async function temporaryDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `svcpack-${label}-`));
  temporary.push(dir);
  return dir;
}

/** Removes every directory {@link temporaryDir} and {@link copyFixture} made. */
export async function removeTemporary(): Promise<void> {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * Copies `fixtures/<path>` without any `node_modules` into a new temp directory, removed by
 * {@link removeTemporary}.
 */
export async function copyFixture(path: string): Promise<string> {
  const target = await temporaryDir('fixture');
  await cp(join(FIXTURES, path), target, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !source.split('/').includes('node_modules'),
  });
  return target;
}

/** Runs a command to completion; resolves with its output, rejects with it when it fails. */
export function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')}: ${code}\n${output}`)),
    );
  });
}

/** Installs a project's locked dependencies with npm, from the cache when it can. */
export async function npmCi(dir: string): Promise<void> {
  const args = ['ci', '--no-audit', '--no-fund', '--ignore-scripts'];
  await run('npm', [...args, '--offline'], dir).catch(() => run('npm', args, dir));
}

/** Reads and parses a JSON file. */
export async function readJson<T = unknown>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}
