import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectServices } from '../src/detect-services.js';
import { FRAMEWORKS } from '../src/framework-catalog.js';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo/', import.meta.url));

describe('detectServices with explain', () => {
  it('evaluates every registry framework for every service, matched or not', async () => {
    const { result, explanations } = await detectServices({ root: DEMO, explain: true });
    const services = result?.services ?? [];
    expect(Object.keys(explanations ?? {}).sort()).toEqual(services.map((s) => s.name).sort());
    for (const service of services) {
      const explained = explanations?.[service.name] ?? [];
      expect(explained.map((item) => item.slug).sort()).toEqual(
        FRAMEWORKS.map((framework) => framework.slug).sort(),
      );
      const chosen = explained.find((item) => item.slug === service.framework?.slug);
      expect(chosen).toMatchObject({ matched: true, superseded: false, supersededBy: null });
      for (const item of explained.filter((entry) => !entry.matched)) {
        expect(item.rules.some((rule) => !rule.matched)).toBe(true);
      }
    }
  });

  it('marks a match that another supersedes, and says why a rule failed', async () => {
    const { explanations } = await detectServices({ root: DEMO, explain: true });
    const backend = explanations?.backend ?? [];
    expect(backend.find((item) => item.slug === 'python')).toMatchObject({
      matched: true,
      superseded: true,
      supersededBy: 'fastapi',
    });
    const flask = backend.find((item) => item.slug === 'flask');
    expect(flask?.matched).toBe(false);
    expect(flask?.rules.map((rule) => rule.detail)).toContain(
      'pyproject.toml does not exist (one of the alternatives)',
    );
  });

  it('leaves the result as it is without explain', async () => {
    const plain = await detectServices({ root: DEMO });
    const explained = await detectServices({ root: DEMO, explain: true });
    expect(plain.explanations).toBeUndefined();
    expect(explained.result).toEqual(plain.result);
  });
});
