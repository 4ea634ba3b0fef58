import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations.
import { extractFrameworkTable } from '../scripts/framework-table.mjs';
import { FRAMEWORK_TABLE } from '../src/framework-table.js';

const require = createRequire(import.meta.url);

describe('the generated framework table', () => {
  it('holds exactly the detection data of the installed @vercel/frameworks', () => {
    const { frameworks } = require('@vercel/frameworks');
    expect(FRAMEWORK_TABLE).toEqual(extractFrameworkTable(frameworks));
  });
});
