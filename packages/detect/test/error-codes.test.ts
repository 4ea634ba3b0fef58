import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/errors.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Codes no fixture or test produces yet, each with why. The list may only shrink: a code
 * that gains a fixture or a test must leave it.
 */
const NOT_YET_PRODUCED: Record<string, string> = {
  PACKAGE_PYTHON_INVALID_REQUIREMENT: 'package (Python): no fixture with a bad PEP 508 line yet',
  PACKAGE_PYTHON_UNCHECKED_REQUIREMENT: 'package (Python): no fixture with a path requirement yet',
  PACKAGE_PYTHON_FILES_UNKNOWN: 'package (Python): needs a dist-info without RECORD',
  CLI_INTERNAL_ERROR: 'cli: only a bug produces it; no test provokes one',
};

/** The files below `dir` (not node_modules or build output) whose name passes `keep`. */
function filesBelow(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === '.next' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesBelow(path, keep);
    return keep(name) ? [path] : [];
  });
}

/**
 * Codes that some fixture expects (`expected.json` under fixtures/) or that some test
 * asserts by name (a quoted code in packages/{detect,package,cli}/test).
 */
function codesProduced(): Set<string> {
  const sources = [
    ...filesBelow(join(REPO, 'fixtures'), (name) => name === 'expected.json'),
    ...['detect', 'package', 'cli'].flatMap((name) =>
      filesBelow(join(REPO, 'packages', name, 'test'), (file) => file.endsWith('.ts')),
    ),
  ];
  const produced = new Set<string>();
  for (const file of sources) {
    for (const match of readFileSync(file, 'utf8').matchAll(
      /['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"`]/g,
    )) {
      produced.add(match[1] as string);
    }
  }
  return produced;
}

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

  it('has a fixture or a test that produces every code, but the few listed as not yet', () => {
    const produced = codesProduced();
    const missing = Object.keys(ERROR_CODES).filter((code) => !produced.has(code));

    expect(missing.sort()).toEqual(Object.keys(NOT_YET_PRODUCED).sort());
  });

  it('spells every code in SCREAMING_SNAKE_CASE', () => {
    for (const code of Object.keys(ERROR_CODES))
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });
});
