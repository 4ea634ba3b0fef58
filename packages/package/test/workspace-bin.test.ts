import { readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  FIXTURES,
  readJson,
  removeTemporary,
  run,
  temporaryDir,
} from '../../../test-support/fixtures.js';
import { get, startService } from '../../../test-support/run-bundle.js';
import { packageServices } from '../src/package-services.js';

/**
 * fixtures/package/node/pnpm-workspace-bin (peers.md §4a D20: a peer installed before the
 * workspace sources were in place, so a workspace package's bin was missing in the build).
 * Installed with pnpm (workspace packages only, so offline), detected from vercel.json,
 * packaged with its buildCommand, and started from a copy of the bundle.
 */
const FIXTURE = 'package/node/pnpm-workspace-bin';

interface Expected {
  shipped: string[];
  symlinks: Record<string, string>;
  request: { path: string; json: unknown };
}

const expected = await readJson<Expected>(join(FIXTURES, FIXTURE, 'expected.json'));

let project: string;
let service: string;

beforeAll(async () => {
  project = await copyFixture(FIXTURE);
  await run('pnpm', ['install', '--offline', '--ignore-scripts'], project);
  const out = join(await temporaryDir('workspace-bin-out'), 'out');
  await packageServices({ root: project, out });
  service = join(out, 'services/api');
});

afterAll(removeTemporary);

describe('a pnpm workspace package whose bin another package builds with', () => {
  it('is packaged with the build output and the workspace link, not the bin', async () => {
    expect(await bundleEntries(join(service, 'bundle'))).toEqual(expected.shipped);
    for (const [link, target] of Object.entries(expected.symlinks)) {
      expect(await readlink(join(service, 'bundle', link))).toBe(target);
    }
  });

  it('serves what the bin generated and what the linked package returns, from its copy', async () => {
    const running = await startService(service);
    try {
      const response = await get(running.port, expected.request.path);
      expect(response.status, response.body).toBe(200);
      expect(response.json).toEqual(expected.request.json);
    } finally {
      await running.stop();
    }
  });
});

/** Files and links of a bundle, bundle-relative and sorted (a link is not descended). */
async function bundleEntries(bundle: string): Promise<string[]> {
  const entries = await readdir(bundle, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(bundle.length + 1))
    .sort();
}
