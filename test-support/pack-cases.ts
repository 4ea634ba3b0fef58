import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { isSvcpackError, type ResolvedService } from '../packages/detect/src/index.js';
import type { PackedRuntime, Packer } from '../packages/package/src/pack-types.js';
import { writeBundle } from '../packages/package/src/write-bundle.js';
import { readJson, temporaryDir } from './fixtures.js';
import type { ServiceFields } from './services.js';

/**
 * The table-driven packer tests: a fixture folder holds a project and its `expected.json`;
 * the test packs it with one packer, writes the bundle, starts it and sends it HTTP.
 */

/** `expected.json` of a packer fixture. */
export interface RuntimeCase {
  service: ServiceFields & { workspace: string; routePrefix: string; framework: string };
  start?: { command: string[]; cwd: string };
  files?: { present?: string[]; absent?: string[]; exactly?: string[] };
  requests?: { path: string; status: number; json?: unknown }[];
  /** The codes of the warnings the packer returns, sorted. */
  warnings?: string[];
  error?: {
    code: string;
    file?: string;
    line?: number;
    column?: number;
    messageIncludes?: string[];
  };
}

/** What {@link packFixture} gives back besides the packer's result. */
export interface PackOutcome {
  packed: PackedRuntime;
  debug: string[];
}

/** Reads a fixture's `expected.json`. */
export function readCase(dir: string): Promise<RuntimeCase> {
  return readJson<RuntimeCase>(join(dir, 'expected.json'));
}

/** Runs `packer` on the project at `root`, building, with a fresh scratch directory. */
export async function packFixture(
  packer: Packer,
  root: string,
  service: ResolvedService,
  outputDirs?: string[],
): Promise<PackOutcome> {
  const debug: string[] = [];
  const scratch = await temporaryDir('scratch');
  const packed = await packer({
    root,
    service,
    build: true,
    scratch,
    ...(outputDirs ? { outputDirs } : {}),
    logger: { debug: (m) => debug.push(m), info: () => {}, warn: () => {} },
  });
  return { packed, debug };
}

/**
 * Writes a packed service into a new empty directory with the shared writer, and creates
 * `start.cwd`, which holds no file of a Go bundle without includeFiles (a FileSet has no
 * empty directories; the orchestrator creates it too).
 */
export async function writeToEmptyDir(packed: PackedRuntime): Promise<string> {
  const bundle = await temporaryDir('bundle');
  await writeBundle(packed.files, bundle);
  await mkdir(join(bundle, packed.start.cwd), { recursive: true });
  return bundle;
}

/** Packs a fixture that must fail, and checks the first problem against its expected error. */
export async function expectPackError(
  packer: Packer,
  root: string,
  service: ResolvedService,
  error: NonNullable<RuntimeCase['error']>,
): Promise<void> {
  const failure = await packFixture(packer, root, service).catch((thrown: unknown) => thrown);
  expect(isSvcpackError(failure), String(failure)).toBe(true);
  if (!isSvcpackError(failure)) return;
  const [first] = failure.problems;
  expect(first?.code).toBe(error.code);
  if (error.file) expect(first?.file).toBe(error.file);
  if (error.line) expect(first?.line).toBe(error.line);
  if (error.column) expect(first?.column).toBe(error.column);
  for (const text of error.messageIncludes ?? []) expect(first?.message).toContain(text);
}
