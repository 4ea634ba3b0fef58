import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

describe('svcpack CLI contract', () => {
  it('prints help for the program and for every command and exits 0', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('detect');
    expect(top.stdout).toContain('package');
    for (const command of ['detect', 'validate', 'package']) {
      const run = await runCli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`svcpack ${command}`);
    }
  });

  it('prints its version and exits 0', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 on an unknown flag and names it, with a JSON envelope under --json', async () => {
    const run = await runCli(['detect', '--jsn']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--jsn');
    expect(run.stdout).toBe('');

    const json = await runCli(['package', '--bogus', '--json']);
    expect(json.code).toBe(2);
    const envelope = JSON.parse(json.stdout);
    expect(envelope).toMatchObject({
      schemaVersion: 1,
      command: 'package',
      ok: false,
      error: { code: 'CLI_UNKNOWN_OPTION' },
    });
  });

  it('exits 2 on an unknown command', async () => {
    const run = await runCli(['pakage']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('package');
  });

  it('reports a missing config as a coded error with exit 1 and one JSON document', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'svcpack-empty-'));
    const run = await runCli(['detect', empty, '--json']);
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
    expect(envelope.error.code).toBe('CONFIG_NOT_FOUND');
    expect(Object.keys(envelope.error)).toEqual([
      'code',
      'message',
      'hint',
      'file',
      'pointer',
      'line',
      'column',
      'value',
      'expected',
      'suggestion',
    ]);
    expect(run.stderr).toContain('CONFIG_NOT_FOUND');
  });

  it('prints a config error like a compiler: file:line:column, code, source line and caret', async () => {
    const project = await mkdtemp(join(tmpdir(), 'svcpack-frame-'));
    await writeFile(join(project, 'main.py'), 'app = None\n');
    await writeFile(
      join(project, 'vercel.json'),
      '{\n  "experimentalServices": {\n    "api": {\n      "entrypoint": "main.py",\n' +
        '      "routePrefix": "/api",\n      "memory": 64\n    }\n  }\n}\n',
    );
    const run = await runCli(['validate', project]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/vercel\.json:6:17 error INVALID_MEMORY/);
    expect(run.stderr).toContain('"memory": 64');
    expect(run.stderr).toMatch(/\n\s+\|\s+\^/);
  });
});
