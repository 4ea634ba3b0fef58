import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Opening a FIFO for reading blocks until a writer comes, and signals do not end that
// wait: a FIFO named like a config or a manifest would hang the run for good. Each
// detection runs in a child process with a time limit, so that a regression fails the
// test instead of hanging the suite.

const DETECT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'svcpack-special-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** `detectServices` on `root` in a child process: its error codes and service names. */
function detectInChild(): { errors: [string, string | null][]; services: string[] } {
  const script = `
    const { detectServices } = await import(${JSON.stringify(DETECT)});
    const detected = await detectServices({ root: ${JSON.stringify(root)} });
    process.stdout.write(JSON.stringify({
      errors: detected.errors.map((item) => [item.code, item.file]),
      services: (detected.result?.services ?? []).map((service) => service.name),
    }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
  return JSON.parse(out);
}

describe('a FIFO where detection reads a file', () => {
  it('is CONFIG_NOT_A_FILE as vercel.json, without opening it', () => {
    execFileSync('mkfifo', [join(root, 'vercel.json')]);
    expect(detectInChild().errors).toEqual([['CONFIG_NOT_A_FILE', 'vercel.json']]);
  });

  it('is no manifest as a package.json: the service resolves without it', async () => {
    await mkdir(join(root, 'api'));
    execFileSync('mkfifo', [join(root, 'api/package.json')]);
    await writeFile(join(root, 'api/index.js'), "module.exports = require('express')();\n");
    const config = {
      experimentalServices: { api: { entrypoint: 'api/index.js', routePrefix: '/api' } },
    };
    await writeFile(join(root, 'vercel.json'), JSON.stringify(config));
    expect(detectInChild()).toEqual({ errors: [], services: ['api'] });
  });
});
