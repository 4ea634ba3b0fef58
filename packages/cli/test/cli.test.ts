import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { REPO_ROOT, runCli } from './support/run-cli.js';

afterAll(removeTemporary);

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

  it('exits 2 when the project directory does not exist or is a file, naming it', async () => {
    const missing = await runCli(['detect', '/nonexistent-svcpack-dir', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"/nonexistent-svcpack-dir" does not exist');
    expect(JSON.parse(missing.stdout).error.code).toBe('CLI_INVALID_DIRECTORY');

    const file = await runCli(['package', 'fixtures/demo/vercel.json']);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('is not a directory');
    expect(file.stderr).toContain('svcpack package fixtures/demo');
  });

  it('exits 2 with the help on stderr when no command is given', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: svcpack');
  });

  it('shows a window of a huge source line in the code frame, with the caret on the column', async () => {
    const project = await temporaryDir('wide');
    await writeFile(join(project, 'main.py'), 'app = None\n');
    const padding = ' '.repeat(5000);
    await writeFile(
      join(project, 'vercel.json'),
      `{${padding}"experimentalServices":{"api":{"entrypoint":"main.py","routePrefix":"/api","memory":64}}}`,
    );
    const run = await runCli(['validate', project]);
    expect(run.code).toBe(1);
    const frame = run.stderr.split('\n').filter((line) => /^\s+(>?\s*\d+\s*)?\|/.test(line));
    expect(Math.max(...frame.map((line) => line.length))).toBeLessThan(200);
    const source = frame.find((line) => line.includes('"memory":64')) ?? '';
    const caret = frame[frame.indexOf(source) + 1] ?? '';
    expect(source.charAt(caret.indexOf('^'))).toBe('6');
  });

  it('exits 2 on an unknown command', async () => {
    const run = await runCli(['pakage']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('package');
  });

  it('reports a missing config as a coded error with exit 1 and one JSON document', async () => {
    const empty = await temporaryDir('empty');
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
    const project = await temporaryDir('frame');
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

  it('reports five mistakes in three services in one run, each saying what is wrong and what to write instead', async () => {
    const project = join(REPO_ROOT, 'fixtures/config/five-mistakes-three-services');
    const run = await runCli(['validate', project]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const headlines = run.stderr.split('\n').filter((line) => / error [A-Z_]+ /.test(line));
    expect(headlines.map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      'vercel.json:5:5 error MISSING_ROUTE_PREFIX',
      'vercel.json:9:17 error CONFIG_INVALID_FIELD_TYPE',
      'vercel.json:10:22 error INVALID_MAX_DURATION',
      'vercel.json:15:20 error INVALID_FRAMEWORK',
      'vercel.json:16:22 error INVALID_ROUTE_PREFIX',
    ]);
    expect(run.stderr).toContain(
      'vercel.json:9:17 error CONFIG_INVALID_FIELD_TYPE "memory" of service "api" is a string ("1024"), not an integer from 128 to 10240 (MB).',
    );
    expect(run.stderr).toContain('hint: Write "memory": 1024.');
    expect(run.stderr).toContain('hint: Write "maxDuration": 900');
    expect(run.stderr).toContain('did you mean fastapi?');
    expect(run.stderr).toContain('hint: Write "framework": "fastapi".');
    expect(run.stderr).toContain('hint: Remove "routePrefix": a worker service is not routed');
  });

  it('gives the same findings as data with --json, each with a hint', async () => {
    const project = join(REPO_ROOT, 'fixtures/config/five-mistakes-three-services');
    const run = await runCli(['validate', project, '--json']);
    const document = JSON.parse(run.stdout);

    expect(run.code).toBe(1);
    expect(document.errors.map((item: { pointer: string }) => item.pointer)).toEqual([
      '/experimentalServices/web',
      '/experimentalServices/api/memory',
      '/experimentalServices/api/maxDuration',
      '/experimentalServices/jobs/framework',
      '/experimentalServices/jobs/routePrefix',
    ]);
    for (const item of document.errors) expect(item.hint).toMatch(/^(Write|Add|Remove) /);
    expect(document.errors[3]).toMatchObject({ value: 'fastapy', suggestion: 'fastapi' });
  });

  it('suggests a prefix that is allowed for one that is not', async () => {
    const run = await runCli(['validate', join(REPO_ROOT, 'fixtures/config/invalid-prefix-chars')]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /vercel\.json:3:58 error CONFIG_INVALID_ROUTE_PREFIX Route prefix "\/api v1"/,
    );
    expect(run.stderr).toContain('hint: Write "routePrefix": "/api-v1".');
    expect(run.stderr).toContain('hint: Write "routePrefix": "/docs/admin".');
  });
});
