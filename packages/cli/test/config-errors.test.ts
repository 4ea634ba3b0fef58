import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { REPO_ROOT, runCli } from './support/run-cli.js';
import { snapshotTree } from './support/snapshot-tree.js';

afterAll(removeTemporary);

const CASES_DIR = join(REPO_ROOT, 'fixtures/config');

interface ExpectedError {
  code: string;
  pointer: string | null;
  line: number | null;
  column?: number | null;
}

const cases = readdirSync(CASES_DIR)
  .filter((name) => existsSync(join(CASES_DIR, name, 'expected.json')))
  .sort()
  .map((name) => {
    const expected = JSON.parse(readFileSync(join(CASES_DIR, name, 'expected.json'), 'utf8'));
    return { name, errors: expected.errors as ExpectedError[] };
  })
  .filter((item) => item.errors.length > 0);

describe('svcpack package on a bad config', () => {
  let out: string;
  let before: Record<string, string>;

  beforeAll(async () => {
    // An earlier, good output that every failing run below must leave as it was.
    const project = await temporaryDir('good');
    await writeFile(join(project, 'package.json'), '{ "name": "good", "private": true }\n');
    await writeFile(
      join(project, 'server.js'),
      "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n",
    );
    await writeFile(
      join(project, 'vercel.json'),
      '{ "experimentalServices": { "api": { "entrypoint": "server.js", "routePrefix": "/api" } } }\n',
    );
    out = join(project, 'out');
    const run = await runCli(['package', project, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    before = await snapshotTree(out);
  }, 120_000);

  it('has bad-config cases to run', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)(
    '$name: exits 1 with coded errors at their lines and leaves the earlier output intact',
    async ({ name, errors }) => {
      const project = await temporaryDir(name);
      await cp(join(CASES_DIR, name), project, { recursive: true });
      const run = await runCli(['package', project, '--out', out, '--json']);
      expect(run.code, run.stderr).toBe(1);

      const envelope = JSON.parse(run.stdout);
      expect(envelope.ok).toBe(false);
      const got = envelope.errors.map((item: ExpectedError) => ({
        code: item.code,
        pointer: item.pointer,
        line: item.line,
      }));
      expect(got).toEqual(
        errors.map((item) => ({ code: item.code, pointer: item.pointer, line: item.line })),
      );
      for (const [index, item] of errors.entries()) {
        expect(run.stderr).toContain(item.code);
        const file = envelope.errors[index].file;
        if (item.line !== null) expect(run.stderr).toContain(`${file}:${item.line}:`);
        const service = item.pointer?.split('/')[2];
        if (service) expect(run.stderr).toContain(service);
      }
      expect(await snapshotTree(out)).toEqual(before);
    },
  );
});

describe('svcpack --service with a name that is not declared', () => {
  it.each([['detect'], ['package']])(
    '%s suggests the nearest declared name (apii → api)',
    async (command) => {
      const project = await temporaryDir('unknown-service');
      await writeFile(
        join(project, 'server.js'),
        "require('node:http').createServer().listen();\n",
      );
      await writeFile(
        join(project, 'vercel.json'),
        '{ "experimentalServices": { "api": { "entrypoint": "server.js", "routePrefix": "/api" } } }\n',
      );
      const flags = command === 'package' ? ['--out', join(project, 'out')] : [];
      const run = await runCli([command, project, '--service', 'apii', '--json', ...flags]);

      const envelope = JSON.parse(run.stdout);
      expect(envelope.errors).toMatchObject([
        { code: 'DETECT_UNKNOWN_SERVICE', value: 'apii', suggestion: 'api' },
      ]);
      expect(run.stderr).toContain('"api"');
    },
    60_000,
  );
});
