import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { runCli } from './support/run-cli.js';

afterAll(removeTemporary);

/** A Node project declaring `api` (server.js exists) and, with `broken`, `web` (missing). */
async function project(name: string, { broken }: { broken: boolean }): Promise<string> {
  const root = await temporaryDir(name);
  await writeFile(join(root, 'package.json'), '{ "name": "two", "private": true }\n');
  await writeFile(join(root, 'server.js'), "require('node:http').createServer().listen();\n");
  const web = broken ? ',\n    "web": { "entrypoint": "missing.js", "routePrefix": "/" }' : '';
  await writeFile(
    join(root, 'vercel.json'),
    `{\n  "experimentalServices": {\n    "api": { "entrypoint": "server.js", "routePrefix": "/api" }${web}\n  }\n}\n`,
  );
  return root;
}

describe('svcpack detect when one service fails', () => {
  it('still prints the service that resolved, then the error', async () => {
    const root = await project('detect-partial', { broken: true });

    const run = await runCli(['detect', root]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const service = run.stderr.indexOf('api  web  node');
    const error = run.stderr.indexOf('vercel.json:4:28 error ENTRYPOINT_NOT_FOUND');
    expect(service).toBeGreaterThanOrEqual(0);
    expect(error).toBeGreaterThan(service);
    expect(run.stderr).toContain('  entrypoint       server.js\n');
    expect(run.stderr).not.toMatch(/^web {2}/m);
    expect(run.stderr).toMatch(/svcpack detect failed: 1 error\n$/);
  });

  it('prints the explanation of the service that resolved with --explain', async () => {
    const root = await project('detect-partial-explain', { broken: true });

    const run = await runCli(['detect', root, '--explain']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  rules            every framework evaluated, matched first\n');
    expect(run.stderr).toContain('    ✓ node (matched)\n');
  });

  it('keeps the JSON failure envelope of SPEC §2.1, with no result', async () => {
    const root = await project('detect-partial-json', { broken: true });

    const run = await runCli(['detect', root, '--json', '--explain']);

    expect(run.code).toBe(1);
    const envelope = JSON.parse(run.stdout);
    expect(Object.keys(envelope)).toEqual([
      'schemaVersion',
      'command',
      'ok',
      'error',
      'errors',
      'warnings',
    ]);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'ENTRYPOINT_NOT_FOUND' } });
    expect(run.stderr).not.toContain('api  web  node');
  });
});

describe('svcpack --service', () => {
  it.each([['detect'], ['package']])(
    '%s words an unknown name like the other command and suggests it once',
    async (command) => {
      const root = await project(`unknown-${command}`, { broken: false });
      const flags = command === 'package' ? ['--out', join(root, 'out')] : [];

      const run = await runCli([command, root, '--service', 'apx', ...flags]);

      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'error DETECT_UNKNOWN_SERVICE No service "apx" is declared in vercel.json.\n',
      );
      expect(run.stderr).toContain('  hint: Did you mean "api"?\n');
      expect(run.stderr.match(/did you mean/gi)).toHaveLength(1);
    },
    60_000,
  );

  it.each([['detect'], ['package']])(
    '%s refuses an empty name as bad usage (exit 2, CLI_UNKNOWN_OPTION)',
    async (command) => {
      const root = await project(`empty-${command}`, { broken: false });
      const flags = command === 'package' ? ['--out', join(root, 'out')] : [];

      const run = await runCli([command, root, '--service', '', '--json', ...flags]);

      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'CLI_UNKNOWN_OPTION' });
      expect(run.stderr).toContain('A service name cannot be empty');
    },
  );
});

describe('svcpack validate on a good config', () => {
  it('says in one stderr line what it checked, and prints nothing on stdout', async () => {
    const root = await project('validate-good', { broken: false });

    const run = await runCli(['validate', root]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('vercel.json: 1 service, no problems\n');
  });

  it('prints only the envelope with --json', async () => {
    const root = await project('validate-good-json', { broken: false });

    const run = await runCli(['validate', root, '--json']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, result: { valid: true } });
  });
});

describe('svcpack package options SPEC has and svcpack does not implement yet', () => {
  it.each([
    [['--format', 'vercel'], 'Allowed choices are svcpack'],
    [['--archive'], "unknown option '--archive'"],
  ])('refuses %j as bad usage (exit 2) instead of ignoring it', async (flags, message) => {
    const root = await project(`not-done-${flags[0]}`, { broken: false });

    const run = await runCli(['package', root, '--out', join(root, 'out'), ...flags, '--json']);

    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'CLI_UNKNOWN_OPTION' });
    expect(run.stderr).toContain(message);
  });
});
