import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Problem } from '@svcpack/detect';
import { problem } from '@svcpack/detect';
import type { FileMode, FileSet } from '../pack-types.js';
import type { InstalledDistribution, InterpreterReport } from './query-interpreter.js';

/** Bundle directory of the copied distributions: a site directory of its own. */
export const PYTHON_VENDOR_DIR = '_svcpack/python';

/** What {@link collectVendorFiles} produced. */
export interface VendorFilesResult {
  files: FileSet;
  warnings: Problem[];
  /** Whether any copied file is a compiled extension module. */
  hasExtensions: boolean;
}

/**
 * Lists the files of `distributions` as bundle entries below {@link PYTHON_VENDOR_DIR}, each
 * at its path relative to the site directory it was installed in. A `.dist-info` gives its
 * `RECORD`; an `.egg-info` without a file list (Debian's) gives `top_level.txt`, whose
 * packages and modules are copied whole, with the egg-info itself. Bytecode caches, type
 * stubs and installer bookkeeping are left out (reference/packaging.md §6 item 26); the
 * metadata that `importlib.metadata` reads at run time stays.
 */
export async function collectVendorFiles(
  report: InterpreterReport,
  distributions: readonly InstalledDistribution[],
): Promise<VendorFilesResult> {
  const result: VendorFilesResult = { files: new Map(), warnings: [], hasExtensions: false };
  const listings: SiteListings = new Map();

  for (const dist of distributions) {
    if (dist.editable !== null) {
      result.warnings.push(editableWarning(dist));
      continue;
    }
    const paths = await distributionFiles(dist, listings);
    if (paths.length === 0) {
      result.warnings.push(filesUnknownWarning(dist));
      continue;
    }
    for (const path of paths) await addFile(result, report, dist, path);
  }
  return result;
}

/** Directory listings of site directories, shared between calls of {@link distributionFiles}. */
export type SiteListings = Map<string, Promise<string[]>>;

/**
 * The installed paths of a distribution relative to its site directory: its RECORD (or
 * `installed-files.txt`), else what `top_level.txt` names; `[]` when neither tells.
 */
export async function distributionFiles(
  dist: InstalledDistribution,
  listings: SiteListings = new Map(),
): Promise<string[]> {
  return dist.files ?? (await topLevelFiles(dist, listings));
}

async function addFile(
  result: VendorFilesResult,
  report: InterpreterReport,
  dist: InstalledDistribution,
  path: string,
): Promise<void> {
  const normalized = posix.normalize(path);
  // Scripts and data installed outside the site directory (`../../../bin/uvicorn`) are not
  // importable and would point outside the bundle.
  if (normalized.startsWith('../') || posix.isAbsolute(normalized) || isLeftOut(normalized)) return;
  const key = `${PYTHON_VENDOR_DIR}/${normalized}`;
  if (result.files.has(key)) return;

  const from = join(dist.location, normalized);
  const info = await statOrNull(from);
  if (!info?.isFile()) return;
  result.files.set(key, { kind: 'file', from, mode: modeOf(info) });

  if (/\.(so|pyd)$/.test(normalized)) {
    result.hasExtensions = true;
    const warning = abiWarning(report, dist, normalized);
    if (warning) result.warnings.push(warning);
  }
}

/** Files svcpack does not copy: caches, stubs, and what only installers read. */
function isLeftOut(path: string): boolean {
  const parts = path.split('/');
  const name = parts.at(-1) ?? '';
  if (parts.includes('__pycache__') || /\.py[co]$/.test(name) || name.endsWith('.pyi')) return true;
  if (name === 'py.typed') return true;
  const inMetadata = parts.length === 2 && /\.(dist|egg)-info$/.test(parts[0] ?? '');
  return inMetadata && ['INSTALLER', 'WHEEL', 'direct_url.json', 'REQUESTED'].includes(name);
}

/**
 * The files of a distribution that names only its top-level modules: each `name/` package
 * walked whole, `name.py`, `name.*.so`, and the metadata directory (or file) itself. A
 * distribution with no `top_level.txt` falls back to the module named like the project.
 */
async function topLevelFiles(
  dist: InstalledDistribution,
  listings: SiteListings,
): Promise<string[]> {
  let names = dist.topLevel?.map((name) => name.split('/')[0] ?? name);
  names ??= [dist.name.replace(/[-.]/g, '_').toLowerCase()];
  let listing = listings.get(dist.location);
  if (!listing) {
    listing = readdir(dist.location).catch(() => []);
    listings.set(dist.location, listing);
  }
  const entries = await listing;

  const found: string[] = [];
  for (const name of new Set(names)) {
    if (name === '') continue;
    const info = await statOrNull(join(dist.location, name));
    if (info?.isDirectory()) found.push(...(await walk(dist.location, name)));
    for (const entry of entries) {
      if (entry === `${name}.py` || (entry.startsWith(`${name}.`) && /\.(so|pyd)$/.test(entry))) {
        found.push(entry);
      }
    }
  }
  if (found.length === 0) return [];
  const metadata = await statOrNull(join(dist.location, dist.metadata));
  if (metadata?.isDirectory()) found.push(...(await walk(dist.location, dist.metadata)));
  else if (metadata?.isFile()) found.push(dist.metadata);
  return found;
}

/** Every file below `dir` (relative to `base`), skipping `__pycache__`. */
async function walk(base: string, dir: string): Promise<string[]> {
  const files: string[] = [];
  const entries = await readdir(join(base, dir), { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== '__pycache__') files.push(...(await walk(base, path)));
    } else {
      files.push(path);
    }
  }
  return files;
}

/**
 * An extension module whose file name carries an ABI tag this interpreter does not load
 * (`foo.cpython-310-x86_64-linux-gnu.so` under Python 3.11) was left over by another Python.
 */
function abiWarning(
  report: InterpreterReport,
  dist: InstalledDistribution,
  path: string,
): Problem | null {
  const name = posix.basename(path);
  const tagged = /\.(cpython-\d+\w*|abi3|pypy\d+\w*)(-[\w-]+)?\.so$/.exec(name);
  // Every interpreter also loads a bare `.so`; only the tagged suffixes tell an ABI.
  const tags = report.extensionSuffixes.filter((suffix) => suffix !== '.so');
  if (!tagged || tags.some((suffix) => name.endsWith(suffix))) return null;
  return problem(
    'PACKAGE_PYTHON_ABI_MISMATCH',
    `"${path}" of ${dist.name} ${dist.version} is built for "${tagged[1]}", but the chosen Python ${report.version} loads ${report.extensionSuffixes.join(', ')}.`,
    {
      file: `${PYTHON_VENDOR_DIR}/${path}`,
      value: tagged[1],
      expected: report.cacheTag,
      hint: `Reinstall ${dist.name} with the Python the service runs on.`,
    },
  );
}

function editableWarning(dist: InstalledDistribution): Problem {
  return problem(
    'PACKAGE_PYTHON_FILES_UNKNOWN',
    `${dist.name} ${dist.version} is installed in editable mode from "${dist.editable}"; its code lives outside the environment and was not copied.`,
    {
      value: dist.name,
      hint: `Install ${dist.name} without -e (pip install --no-editable, uv sync --no-editable), or add its sources with includeFiles.`,
    },
  );
}

function filesUnknownWarning(dist: InstalledDistribution): Problem {
  return problem(
    'PACKAGE_PYTHON_FILES_UNKNOWN',
    `${dist.name} ${dist.version} (${dist.location}/${dist.metadata}) lists no installed files and no top_level.txt; nothing of it was copied.`,
    {
      value: dist.name,
      hint: `Reinstall ${dist.name} with pip so that it records its files.`,
    },
  );
}

function modeOf(info: Stats): FileMode {
  return info.mode & 0o111 ? 0o755 : 0o644;
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}
