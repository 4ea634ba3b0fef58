import { randomBytes } from 'node:crypto';
import {
  chmod,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  utimes,
} from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { SvcpackError } from '@svcpack/detect';
import { BUNDLE_MTIME } from './write-bundle.js';

// The output directory is never written in place. A run assembles everything in a
// sibling staging directory (`<out>.tmp-<random>`, same parent, so the same filesystem)
// and swaps it in with renames once every service succeeded: `<out>` is renamed aside to
// `<out>.old-<random>`, the staging directory to `<out>`, and the old one removed. Linux
// has no portable atomic exchange of two directories, so between the two renames `<out>`
// is briefly absent; it is never half-written. A failed run only removes its staging.

/** One entry of `manifest.json` (SPEC §3), in its key order. */
export interface ManifestEntry {
  name: string;
  /** Relative to the output directory: `services/<name>`. */
  dir: string;
  digest: string;
  files: number;
  bytes: number;
}

/** The document written to `<out>/manifest.json`. */
export interface Manifest {
  schemaVersion: 1;
  services: ManifestEntry[];
}

/** What the output directory held before the run. */
export type PreviousOutput =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'output'; manifest: Manifest };

/**
 * Checks that `out` may be replaced: absent, an empty directory, or an earlier svcpack
 * output (it holds a `manifest.json` of schema version 1). Throws
 * `PACKAGE_OUT_NOT_OUTPUT` for anything else, so a mistyped `--out` never deletes a
 * user's directory, `PACKAGE_OUT_IS_PROJECT` when `out` is the project root and
 * `PACKAGE_OUT_INSIDE_SERVICE` when `out` would hold the project.
 */
export async function readPreviousOutput(out: string, root: string): Promise<PreviousOutput> {
  if (out === root) {
    throw SvcpackError.of(
      'PACKAGE_OUT_IS_PROJECT',
      `The output directory "${out}" is the project root, which packaging would replace.`,
      {
        value: out,
        expected: 'a directory inside the project or beside it',
        hint: 'Pass --out .svcpack/output (the default), or a directory beside the project.',
      },
    );
  }
  if (isInside(root, out)) {
    throw SvcpackError.of(
      'PACKAGE_OUT_INSIDE_SERVICE',
      `The output directory "${out}" holds the project itself, which would be replaced.`,
      {
        value: out,
        hint: 'Pass an --out directory inside the project or beside it, e.g. .svcpack/output.',
      },
    );
  }

  const info = await lstat(out).catch(() => null);
  if (info === null) return { kind: 'absent' };
  if (!info.isDirectory()) throw notOutput(out, 'it is not a directory');

  const names = await readdir(out);
  if (names.length === 0) return { kind: 'empty' };

  const text = await readFile(join(out, 'manifest.json'), 'utf8').catch(() => null);
  if (text === null) throw notOutput(out, 'it is not empty and holds no svcpack manifest.json');
  const manifest = parseManifest(text);
  if (manifest === null) throw notOutput(out, 'its manifest.json is not an svcpack manifest');
  return { kind: 'output', manifest };
}

/**
 * Creates the staging directory beside `out` and returns its absolute path. `mkdtemp`
 * creates it 0700; it becomes `out` itself, so it gets the 0755 of every bundle directory.
 */
export async function createStaging(out: string): Promise<string> {
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(`${out}.tmp-`);
  await chmod(staging, 0o755);
  return staging;
}

/**
 * Copies the output of services `names` from the previous output into the staging
 * directory (their `services/<name>` directory and any `services/<name>.*` file, such as
 * an archive) and returns their manifest entries. Symlinks are copied as they are.
 */
export async function carryOver(
  out: string,
  staging: string,
  previous: Manifest,
  names: readonly string[],
): Promise<ManifestEntry[]> {
  const carried: ManifestEntry[] = [];
  const entries = await readdir(join(out, 'services')).catch(() => [] as string[]);
  await mkdir(join(staging, 'services'), { recursive: true });

  for (const name of names) {
    const entry = previous.services.find((service) => service.name === name);
    if (entry === undefined || !entries.includes(name)) continue;
    for (const file of entries.filter((e) => e === name || e.startsWith(`${name}.`))) {
      const to = join(staging, 'services', file);
      await cp(join(out, 'services', file), to, {
        recursive: true,
        verbatimSymlinks: true,
        preserveTimestamps: true,
        errorOnExist: true,
      });
      await resetDirectoryTimes(to);
    }
    carried.push(entry);
  }
  return carried;
}

/** Moves the staging directory to `out`, replacing what was there. */
export async function commitStaging(staging: string, out: string): Promise<void> {
  const existing = await lstat(out).catch(() => null);
  if (existing === null) {
    await rename(staging, out);
    return;
  }

  const aside = `${out}.old-${randomBytes(4).toString('hex')}`;
  await rename(out, aside);
  try {
    await rename(staging, out);
  } catch (error) {
    await rename(aside, out);
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

/** Removes the staging directory of a failed or interrupted run. */
export async function discardStaging(staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
}

/** Parses a `manifest.json`; `null` when it is not one svcpack wrote. */
export function parseManifest(text: string): Manifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { schemaVersion, services } = value as { schemaVersion?: unknown; services?: unknown };
  if (schemaVersion !== 1 || !Array.isArray(services)) return null;
  return { schemaVersion: 1, services: services as ManifestEntry[] };
}

/** Serialises a JSON document of the output: 2-space indent and a trailing newline. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function notOutput(out: string, why: string): SvcpackError {
  return SvcpackError.of(
    'PACKAGE_OUT_NOT_OUTPUT',
    `The output directory "${out}" cannot be replaced: ${why}.`,
    {
      value: out,
      expected: 'an absent or empty directory, or an earlier svcpack output',
      hint: `Pass another --out, or empty "${basename(out)}" yourself if it may go.`,
    },
  );
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep);
}

/** `cp` keeps file times but not directory times; reset those to the bundle epoch. */
async function resetDirectoryTimes(path: string): Promise<void> {
  const info = await lstat(path);
  if (!info.isDirectory()) return;
  for (const name of await readdir(path)) await resetDirectoryTimes(join(path, name));
  await utimes(path, BUNDLE_MTIME, BUNDLE_MTIME);
}
