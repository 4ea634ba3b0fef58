import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeTemporary, temporaryDir } from '../../../test-support/fixtures.js';
import { get, startService } from '../../../test-support/run-bundle.js';
import { packageServices } from '../src/package-services.js';

afterAll(removeTemporary);

describe('a Python entry file found by detect’s search (peers.md §4a D5)', () => {
  it('packages solver/main.py with its app and serves it from the bundle', async () => {
    const root = await copyFixture('detect/peers/d5-fastapi-app-deep-in-solver');
    const out = join(await temporaryDir('guessed-out'), 'output');

    const result = await packageServices({ root, out });

    expect(result.warnings.map((item) => item.code)).toContain('DETECT_ENTRY_FILE_GUESSED');
    const running = await startService(join(out, 'services/api'));
    try {
      expect((await get(running.port, '/api/health')).json).toEqual({ ok: true });
      const sample = await get(running.port, '/api/sample');
      expect(sample.json).toMatchObject({ difficulty: 'easy' });
    } finally {
      await running.stop();
    }
  }, 60_000);
});
