import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { CLI_BIN, type CliRun, REPO_ROOT, runCli } from './support/run-cli.js';

afterAll(removeTemporary);

const FIXTURES = join(REPO_ROOT, 'fixtures/detect/no-config');

async function copyOf(name: string): Promise<string> {
  const dir = await temporaryDir('write-config');
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

describe('svcpack detect --write-config', () => {
  it('writes the services it found into vercel.json and keeps the other keys', async () => {
    const dir = await copyOf('npm-workspaces');
    const run = await runCli(['detect', dir, '--write-config']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('wrote experimentalServices (2 services) to vercel.json');

    const text = await readFile(join(dir, 'vercel.json'), 'utf8');
    // The keys that were there keep their bytes: the compact array stays on its line.
    expect(text).toContain('\n  "regions": ["iad1"],\n  "experimentalServices": {\n');
    const written = JSON.parse(text);
    expect(written).toEqual({
      $schema: 'https://openapi.vercel.sh/vercel.json',
      regions: ['iad1'],
      experimentalServices: {
        api: { entrypoint: 'apps/api', routePrefix: '/api' },
        web: { entrypoint: 'apps/web', routePrefix: '/' },
      },
    });
  });

  it('finds nothing to change when detect runs again on the written config', async () => {
    for (const name of ['npm-workspaces', 'conventional-folders', 'uv-and-go-workspaces']) {
      const dir = await copyOf(name);
      const before = JSON.parse((await runCli(['detect', dir, '--json'])).stdout);
      await runCli(['detect', dir, '--write-config']);
      const config = await readFile(join(dir, 'vercel.json'), 'utf8');
      const after = JSON.parse((await runCli(['detect', dir, '--json', '--write-config'])).stdout);

      expect(after.result).toEqual(before.result);
      expect(after.warnings.map((item: { code: string }) => item.code)).not.toContain(
        'DETECT_SERVICES_INFERRED',
      );
      expect(await readFile(join(dir, 'vercel.json'), 'utf8')).toBe(config);
    }
  });

  it('refuses with CONFIG_NOT_A_FILE, not a crash, when vercel.json is a directory', async () => {
    const dir = await copyOf('conventional-folders');
    await mkdir(join(dir, 'vercel.json'));
    const run = await runCli(['detect', dir, '--write-config', '--json']);

    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).errors.map((item: { code: string }) => item.code)).toEqual([
      'CONFIG_NOT_A_FILE',
    ]);
    expect(run.stderr).not.toContain('internal error');
  });

  it('reports CONFIG_WRITE_FAILED, not a crash, when vercel.json cannot be written', async () => {
    const dir = await copyOf('npm-workspaces');
    const before = await readFile(join(dir, 'vercel.json'), 'utf8');
    await chmod(dir, 0o755);
    await chmod(join(dir, 'vercel.json'), 0o444);
    const run = await runUnprivileged(['detect', dir, '--write-config', '--json']);

    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).errors).toMatchObject([
      { code: 'CONFIG_WRITE_FAILED', file: 'vercel.json' },
    ]);
    expect(run.stderr).toContain('EACCES');
    expect(await readFile(join(dir, 'vercel.json'), 'utf8')).toBe(before);
  });
});

/**
 * The CLI run by a user a read-only file stops: root writes through any permission, so
 * as root the run drops to `nobody` (util-linux setpriv).
 */
function runUnprivileged(args: string[]): Promise<CliRun> {
  const root = process.getuid?.() === 0;
  const drop = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath];
  const [command, ...rest] = root
    ? ['setpriv', ...drop, CLI_BIN, ...args]
    : [process.execPath, CLI_BIN, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, rest, {
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
