import { execFile } from 'node:child_process';
import { access, readdir } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  FIXTURES,
  readJson,
  removeTemporary,
  temporaryDir,
} from '../../../test-support/fixtures.js';
import { get, startService } from '../../../test-support/run-bundle.js';
import { packageServices } from '../src/package-services.js';

/**
 * fixtures/package/file-globs/same-for-every-runtime: the same includeFiles and
 * excludeFiles on a Go, a Node and a Python service of one workspace (peers.md §4c S8: a
 * peer resolved include roots differently per builder; S9: its excludeFiles did not filter
 * includeFiles). Detected from its vercel.json and packaged for real, each bundle then
 * started from an empty directory.
 */
const FIXTURE = 'package/file-globs/same-for-every-runtime';

interface Expected {
  /** Service name → route prefix. */
  services: Record<string, string>;
  /** The project-relative paths the globs must put in every bundle. */
  shipped: string[];
  /** Paths includeFiles matches and excludeFiles takes out again. */
  excluded: string[];
  /** What each server reads at run time, by path relative to its working directory. */
  files: Record<string, string | null>;
}

const expected = await readJson<Expected>(join(FIXTURES, FIXTURE, 'expected.json'));
const names = Object.keys(expected.services);

let project: string;
let out: string;
/** A PATH with the real `python3` first on PATH, as the Python bundle tests use. */
let runtimePath: string;

beforeAll(async () => {
  project = await copyFixture(FIXTURE);
  out = join(await temporaryDir('globs-out'), 'out');
  const { stdout } = await promisify(execFile)('python3', [
    '-c',
    'import sys; print(sys.executable)',
  ]);
  runtimePath = [dirname(stdout.trim()), dirname(process.execPath), '/usr/bin', '/bin'].join(
    delimiter,
  );
  await packageServices({ root: project, out });
});

afterAll(removeTemporary);

describe('includeFiles and excludeFiles across runtimes', () => {
  it('ship the same workspace and root-anchored files in the Go, Node and Python bundles', async () => {
    for (const name of names) {
      const globbed = (await bundleFiles(name)).filter(
        (path) => path.startsWith('shared/') || /^services\/api\/(templates|data)\//.test(path),
      );
      expect(globbed, name).toEqual(expected.shipped);
    }
  });

  it('let excludeFiles win over an includeFiles pattern that matches the same file', async () => {
    for (const path of expected.excluded) {
      await expect(access(join(project, path))).resolves.toBeUndefined();
      for (const name of names) expect(await bundleFiles(name), name).not.toContain(path);
    }
  });

  it.each(names)('serve %s from its own copy with the same files readable', async (name) => {
    const running = await startService(join(out, 'services', name), { path: runtimePath });
    try {
      const response = await get(running.port, `${expected.services[name]}/files`);
      expect(response.status, response.body).toBe(200);
      expect(response.json).toMatchObject({ path: '/files', files: expected.files });
    } finally {
      await running.stop();
    }
  });
});

/** The files and links of a service's bundle, bundle-relative and sorted. */
async function bundleFiles(name: string): Promise<string[]> {
  const bundle = join(out, 'services', name, 'bundle');
  const entries = await readdir(bundle, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(bundle.length + 1))
    .sort();
}
