import { existsSync, realpathSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeTemporary, run } from '../../../test-support/fixtures.js';
import { detectServices } from '../src/detect-services.js';
import type { ResolvedService } from '../src/types.js';

afterAll(removeTemporary);

/** The npm package whose version a framework's is. */
const PACKAGE: Record<string, string> = { express: 'express', nextjs: 'next' };

const PNPM = ['install', '--frozen-lockfile', '--ignore-scripts', '--prefer-offline'];
const NPM = ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'];

/**
 * Version fixtures whose lockfiles link packages (`workspace:`, `link:`, `file:`), with
 * the install that their package manager runs on them, per directory. `--frozen-lockfile`
 * and `npm ci` fail on a lockfile that does not match the manifests, so a pass also says
 * that the committed lockfiles are current for pnpm 10 and npm.
 */
const CASES: { fixture: string; installs: { directory: string; command: string[] }[] }[] = [
  {
    fixture: 'detect/versions/pnpm-workspace-protocol',
    installs: [{ directory: '.', command: ['pnpm', ...PNPM] }],
  },
  {
    fixture: 'detect/versions/pnpm-link-protocol',
    installs: [
      { directory: 'linked', command: ['pnpm', ...PNPM] },
      { directory: 'copied', command: ['pnpm', ...PNPM] },
    ],
  },
  {
    fixture: 'detect/versions/npm-workspace-links',
    installs: [{ directory: '.', command: ['npm', ...NPM] }],
  },
];

describe('linked package versions against a real install', () => {
  it.each(CASES)(
    '$fixture: the install puts in node_modules what detect said, symlinking the linked ones',
    async ({ fixture, installs }) => {
      const root = await copyFixture(fixture);
      const before = await services(root);
      for (const { directory, command } of installs) {
        const [program = '', ...args] = command;
        await run(program, args, join(root, directory));
      }
      const after = await services(root);

      for (const service of before) {
        const framework = service.framework;
        const installed = after.find((item) => item.name === service.name)?.framework;
        expect(installed?.installed, service.name).toBe(framework?.locked);
        const copy = nearestInstalled(
          root,
          service.workspace,
          PACKAGE[framework?.slug ?? ''] ?? '',
        );
        // Reported as installed before any install: a linked package.json, which the
        // package manager symlinks into node_modules rather than copying.
        expect(framework?.installed !== null, service.name).toBe(
          !copy.split('/').includes('node_modules'),
        );
        if (framework?.installed) expect(installed).toEqual(framework);
      }
    },
    180_000,
  );
});

async function services(root: string): Promise<ResolvedService[]> {
  const detected = await detectServices({ root });
  expect(detected.errors).toEqual([]);
  return detected.result?.services ?? [];
}

/** The real path of the copy of `name` that Node would load from `workspace`. */
function nearestInstalled(root: string, workspace: string, name: string): string {
  for (let directory = workspace; ; directory = posix.dirname(directory)) {
    const candidate = join(root, directory, 'node_modules', name);
    if (existsSync(candidate)) return relative(realpathSync(root), realpathSync(candidate));
    if (directory === '.') throw new Error(`${name} is not installed for ${workspace}`);
  }
}
