import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPEC_SERVICE_FIELDS } from '../../../test-support/services.js';
import { REPO_ROOT, runCli } from './support/run-cli.js';

const FIXTURES = join(REPO_ROOT, 'fixtures/detect/package-managers');
const cases = readdirSync(FIXTURES).sort();

function expectedOf(name: string) {
  return JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as {
    services: Record<string, { installCommand: string | null; buildCommand: string | null }>;
    toolchains: Record<string, unknown>;
  };
}

describe('svcpack detect: package manager, install and build', () => {
  it('prints the manager with its file and rule, the workspace root, and both commands', async () => {
    const run = await runCli(['detect', join(FIXTURES, 'pnpm-workspace-root')]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('\n  package manager  pnpm (pnpm-lock.yaml, rule lockfile)\n');
    expect(run.stderr).toContain(
      '\n  workspace root   . (pnpm-workspace.yaml:1, member @acme/web)\n',
    );
    expect(run.stderr).toContain(
      '\n  install          pnpm install --frozen-lockfile (in ., pnpm-lock.yaml, rule lockfile)\n',
    );
    expect(run.stderr).toContain(
      '\n  build            next build (in apps/web, rule framework-default)\n',
    );
  });

  it('prints the packageManager field with its version and line', async () => {
    const run = await runCli(['detect', join(FIXTURES, 'package-manager-field')]);

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      '\n  package manager  pnpm 10.34.9 (api/package.json:4, rule packageManager-field)\n',
    );
    expect(run.stderr).toContain(
      '\n  install          pnpm install (in api, api/package.json:4, rule manifest)\n',
    );
    expect(run.stderr).toContain(
      '\n  build            pnpm run build (in api, api/package.json:6, rule build-script)\n',
    );
  });

  it('prints configured commands as coming from vercel.json, and "none" where nothing applies', async () => {
    const configured = await runCli(['detect', join(FIXTURES, 'configured-commands')]);
    expect(configured.stderr).toContain(
      '\n  install          npm install --no-audit (in web, vercel.json:6, rule config)\n',
    );
    expect(configured.stderr).toContain(
      '\n  build            npm run vercel-build (in web, vercel.json:7, rule config)\n',
    );

    const bare = await runCli(['detect', join(FIXTURES, 'python-default')]);
    expect(bare.stderr).toContain('\n  package manager  pip (rule default)\n');
    expect(bare.stderr).toContain('\n  install          none\n');
    expect(bare.stderr).toContain('\n  build            none\n');
  });

  it('says why the rule fired with --explain', async () => {
    const run = await runCli(['detect', join(FIXTURES, 'yarn-berry'), '--explain']);

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /\n {2}package manager {2}yarn \(web\/yarn\.lock, rule lockfile\)\n +yarn\.lock is Yarn Berry's lockfile \(it has "__metadata"\)\n/,
    );
    expect(run.stderr).toContain('install          yarn install --immutable (in web,');
  });

  it.each(cases)(
    '%s: --json --explain puts the toolchains beside the explanations and leaves services as SPEC shapes them',
    async (name) => {
      const expected = expectedOf(name);
      const run = await runCli(['detect', join(FIXTURES, name), '--json', '--explain']);
      expect(run.code).toBe(0);
      const { result } = JSON.parse(run.stdout);

      expect(Object.keys(result)).toEqual(['services', 'explanations', 'toolchains']);
      expect(result.toolchains).toEqual(expected.toolchains);
      for (const service of result.services) {
        expect(Object.keys(service)).toEqual(SPEC_SERVICE_FIELDS);
        expect(service.installCommand).toBe(expected.services[service.name]?.installCommand);
        expect(service.buildCommand).toBe(expected.services[service.name]?.buildCommand);
      }
    },
  );

  it('leaves the toolchains out of --json without --explain, and gives the same bytes twice', async () => {
    const dir = join(FIXTURES, 'uv-workspace-member');
    const first = await runCli(['detect', dir, '--json']);
    const second = await runCli(['detect', dir, '--json']);

    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const { result } = JSON.parse(first.stdout);
    expect(Object.keys(result)).toEqual(['services']);
    expect(result.services[0].packageManager).toEqual({ name: 'uv', source: 'uv.lock' });

    const explained = await runCli(['detect', dir, '--json', '--explain']);
    const again = await runCli(['detect', dir, '--json', '--explain']);
    expect(again.stdout).toBe(explained.stdout);
    expect(explained.stdout).not.toContain(REPO_ROOT);
  });
});
