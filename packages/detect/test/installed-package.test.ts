import { execFileSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { detectServices } from '../src/detect-services.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const DEMO = fileURLToPath(new URL('../../../fixtures/demo/', import.meta.url));

afterAll(removeTemporary);

/**
 * The published shape of @svcpack/detect: `pnpm pack` of the built package, installed
 * with npm into an empty project (its dependencies from the registry), imported by its
 * name and called. Catches a file left out of `files`, a dependency only the workspace
 * provides, or an `exports` map that does not resolve. Needs `pnpm build` first.
 */
describe('the packed @svcpack/detect', () => {
  it('installs into an empty project and detects the demo as the source does', async () => {
    const work = await temporaryDir('detect-install');
    execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: PACKAGE, stdio: 'ignore' });
    const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    await writeFile(
      join(work, 'package.json'),
      '{ "name": "consumer", "private": true, "type": "module" }\n',
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `./${tarball}`], {
      cwd: work,
      stdio: 'ignore',
    });
    await writeFile(
      join(work, 'run.js'),
      "import { detectServices } from '@svcpack/detect';\n" +
        'const detected = await detectServices({ root: process.argv[2] });\n' +
        'process.stdout.write(JSON.stringify(detected));\n',
    );
    const printed = JSON.parse(
      execFileSync('node', ['run.js', DEMO], { cwd: work, encoding: 'utf8' }),
    );
    expect(printed).toEqual(JSON.parse(JSON.stringify(await detectServices({ root: DEMO }))));
  }, 180_000);
});
