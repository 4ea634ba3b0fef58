import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dependencyNames } from '../src/evaluate-detectors.js';
import { FRAMEWORKS } from '../src/framework-catalog.js';
import { contentDependency } from '../src/framework-gates.js';

/** Every package.json content item whose regex detect gates by a dependency name. */
const gated = FRAMEWORKS.flatMap((framework) =>
  [...framework.every, ...framework.some].flatMap((item) => {
    const name = contentDependency(item);
    return name === null || item.matchContent === null
      ? []
      : [{ slug: framework.slug, name, pattern: new RegExp(item.matchContent, 'm') }];
  }),
);

describe('the dependency gate on package.json content detectors', () => {
  it('reads the package name out of the five regexes that require one', () => {
    expect(gated.map(({ slug, name }) => `${slug}:${name}`).sort()).toEqual([
      'ash:experimental-ash',
      'eve:eve',
      'sanity-v2:@sanity/cli',
      'sveltekit-1:@sveltejs/kit',
      'sveltekit:@sveltejs/kit',
    ]);
  });

  it('never rules out a package.json that the regex matches', () => {
    const names = [...new Set(gated.map((item) => item.name)), 'vite', 'express'];
    const table = fc.dictionary(
      fc.constantFrom(...names),
      fc.constantFrom('^1.0.0', '^2.1.0', '*'),
    );
    const manifest = fc.record(
      {
        name: fc.constantFrom('app', 'eve', '@sveltejs/kit'),
        scripts: fc.dictionary(fc.constantFrom('dev', 'eve'), fc.constantFrom(...names)),
        dependencies: table,
        devDependencies: table,
        peerDependencies: table,
        optionalDependencies: table,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(manifest, fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const declared = dependencyNames(value);
        for (const { name, pattern } of gated) {
          if (pattern.test(text)) expect(declared.has(name)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
