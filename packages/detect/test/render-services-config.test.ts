import { describe, expect, it } from 'vitest';
import type { DiscoveredService } from '../src/discover-services.js';
import { renderServicesConfig } from '../src/render-services-config.js';

const SERVICES: DiscoveredService[] = [
  { name: 'api', entrypoint: 'apps/api', routePrefix: '/api', framework: 'express', evidence: [] },
  { name: 'web', entrypoint: 'apps/web', routePrefix: '/', framework: 'nextjs', evidence: [] },
];

const BLOCK = [
  '"experimentalServices": {',
  '    "api": {',
  '      "entrypoint": "apps/api",',
  '      "routePrefix": "/api"',
  '    },',
  '    "web": {',
  '      "entrypoint": "apps/web",',
  '      "routePrefix": "/"',
  '    }',
  '  }',
].join('\n');

describe('renderServicesConfig', () => {
  it('keeps every byte outside the inserted block, compact arrays and objects included', () => {
    const text = [
      '{',
      '  "$schema": "https://openapi.vercel.sh/vercel.json",',
      '  "regions": ["iad1", "sfo1"],',
      '  "headers": [{ "source": "/(.*)", "headers": [{ "key": "x", "value": "y" }] }],',
      '  "cleanUrls": true,',
      '  "env": {"A": "1"}',
      '}',
      '',
    ].join('\n');
    const written = renderServicesConfig(text, SERVICES);
    const end = text.lastIndexOf('}') - 1;

    expect(written).toBe(`${text.slice(0, end)},\n  ${BLOCK}${text.slice(end)}`);
    expect(JSON.parse(written).experimentalServices.api).toEqual({
      entrypoint: 'apps/api',
      routePrefix: '/api',
    });
  });

  it('replaces an empty experimentalServices in place and leaves the keys around it', () => {
    const text =
      '{\n  "regions": ["iad1"],\n  "experimentalServices": {},\n  "cleanUrls": true\n}\n';
    const written = renderServicesConfig(text, SERVICES);

    expect(written).toBe(`{\n  "regions": ["iad1"],\n  ${BLOCK},\n  "cleanUrls": true\n}\n`);
  });

  it('puts the block on lines of its own in a one-line file, the other keys untouched', () => {
    const written = renderServicesConfig('{ "regions": ["iad1"] }\n', SERVICES);

    expect(written.startsWith('{ "regions": ["iad1"],\n  "experimentalServices": {\n')).toBe(true);
    expect(JSON.parse(written).regions).toEqual(['iad1']);
  });

  it('writes a whole file when there is none, and keeps a byte-order mark and tab indents', () => {
    expect(renderServicesConfig(null, SERVICES)).toBe(`{\n  ${BLOCK}\n}\n`);

    const tabbed = renderServicesConfig('\uFEFF{\n\t"regions": ["iad1"]\n}\n', SERVICES);
    expect(
      tabbed.startsWith('\uFEFF{\n\t"regions": ["iad1"],\n\t"experimentalServices": {\n\t\t"api"'),
    ).toBe(true);
  });

  it('gives the same text when run on its own output', () => {
    const once = renderServicesConfig('{\n  "regions": ["iad1"]\n}\n', SERVICES);

    expect(renderServicesConfig(once, SERVICES)).toBe(once);
  });
});
