import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Every code detect's source passes to `problem()`, `report()` or names as a code. */
function codesUsedByDetect(): string[] {
  const used = new Set<string>();
  for (const file of readdirSync(SRC).filter((name) => name.endsWith('.ts'))) {
    if (file === 'errors.ts') continue;
    const source = readFileSync(`${SRC}${file}`, 'utf8');
    for (const match of source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) {
      used.add(match[1] as string);
    }
  }
  return [...used].sort();
}

describe('the error catalogue', () => {
  it('documents every code detect can report', () => {
    const used = codesUsedByDetect();

    expect(used.length).toBeGreaterThan(30);
    for (const code of used) {
      expect(ERROR_CODES, code).toHaveProperty(code);
      expect(ERROR_CODES[code as keyof typeof ERROR_CODES].trim(), code).not.toBe('');
    }
  });

  it('documents every code with a sentence', () => {
    for (const [code, text] of Object.entries(ERROR_CODES)) {
      expect(text, code).toMatch(/^\S.*\.$/);
    }
  });

  it('spells every code in SCREAMING_SNAKE_CASE', () => {
    for (const code of Object.keys(ERROR_CODES))
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });
});
