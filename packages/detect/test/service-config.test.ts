import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import { createMemoryFileSystem } from '../src/file-system.js';

const CASES_DIR = fileURLToPath(new URL('../../../fixtures/config/', import.meta.url));

describe('a service config with every field', () => {
  it('resolves with each field read, normalised and defaulted', async () => {
    const run = await detectServices({ root: `${CASES_DIR}every-field-valid` });
    const byName = new Map(run.result?.services.map((service) => [service.name, service]));

    expect(run.errors).toEqual([]);
    expect(byName.get('api')).toMatchObject({
      type: 'web',
      workspace: 'api',
      entrypoint: 'api/main.py',
      routePrefix: '/api',
      subdomain: 'api',
      memory: 1024,
      maxDuration: 60,
      includeFiles: ['data/**'],
      excludeFiles: ['**/*.test.py'],
      buildCommand: 'echo build',
      installCommand: 'echo install',
      env: { SELF_URL: { type: 'service-ref', service: 'api' } },
    });
    expect(byName.get('nightly')).toMatchObject({
      type: 'cron',
      trigger: 'schedule',
      schedule: ['0 3 * * *', '*/15 9-17 * * 1-5'],
      routePrefix: null,
      stripPrefix: false,
    });
    expect(byName.get('dynamic')?.schedule).toEqual(['<dynamic>']);
    expect(byName.get('mailer')).toMatchObject({ trigger: 'queue', topics: ['emails'] });
    expect(byName.get('orders')).toMatchObject({
      type: 'job',
      trigger: 'queue',
      topics: ['orders'],
    });
    expect(byName.get('flow')).toMatchObject({ type: 'job', trigger: 'workflow' });
    expect(byName.get('cleanup')).toMatchObject({ trigger: 'schedule', schedule: ['0 0 1 * *'] });
  });

  it('gives a worker without topics the default topic, as Vercel does', async () => {
    const fs = createMemoryFileSystem({
      'vercel.json':
        '{ "experimentalServices": { "w": { "type": "worker", "entrypoint": "w.py" } } }',
      'w.py': 'print(1)\n',
    });
    const run = await detectServices({ root: '/project', fs });

    expect(run.errors).toEqual([]);
    expect(run.result?.services[0]).toMatchObject({ trigger: 'queue', topics: ['default'] });
  });

  it('adds none of the optional fields to a web service that sets none of them', async () => {
    const fs = createMemoryFileSystem({
      'vercel.json':
        '{ "experimentalServices": { "api": { "entrypoint": "main.py", "routePrefix": "/api" } } }',
      'main.py': 'print(1)\n',
    });
    const run = await detectServices({ root: '/project', fs });
    const keys = Object.keys(run.result?.services[0] ?? {});

    for (const key of ['rewrites', 'subdomain', 'trigger', 'schedule', 'topics', 'env']) {
      expect(keys).not.toContain(key);
    }
  });
});
