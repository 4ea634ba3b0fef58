import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations.
import { extractFrameworkTable } from '../scripts/framework-table.mjs';

const require = createRequire(import.meta.url);

describe('the generated framework table', () => {
  it('holds exactly the detection data of the installed @vercel/frameworks', () => {
    const { frameworks } = require('@vercel/frameworks');
    const committed = readFileSync(new URL('../data/frameworks.json', import.meta.url), 'utf8');
    expect(JSON.parse(committed)).toEqual(extractFrameworkTable(frameworks));
  });
});
