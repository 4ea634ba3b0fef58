import { parse as parseToml } from 'smol-toml';
import type { DetectFileSystem } from './file-system.js';
import { record, safely } from './plain-values.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { normalizePythonName, readPythonManifests } from './read-python-manifest.js';
import type { PackageVersions } from './resolve-node-package-version.js';

/**
 * Versions of PyPI package `name` in the Python workspace `workspace`: declared in
 * requirements.txt, pyproject.toml (PEP 621 or Poetry) or Pipfile; locked in uv.lock,
 * poetry.lock or Pipfile.lock; installed in the workspace's `.venv`. Read from files
 * only: detect never runs Python.
 */
export async function resolvePythonPackageVersion(
  fs: DetectFileSystem,
  workspace: string,
  name: string,
): Promise<PackageVersions> {
  const read = (file: string) => fs.readFile(joinProjectPath(workspace, file));
  const key = normalizeName(name);
  const { requirements } = await readPythonManifests(fs, workspace);
  const named = requirements.filter((requirement) => requirement.name === key);
  const declared = (named.find((item) => item.scope === 'main') ?? named[0])?.specifier ?? null;
  const locked =
    fromTomlLock(await read('uv.lock'), key) ??
    fromTomlLock(await read('poetry.lock'), key) ??
    fromPipfileLock(await readJsonFile(fs, joinProjectPath(workspace, 'Pipfile.lock')), key);
  return { declared, locked, installed: await installedVersion(fs, workspace, key) };
}

const normalizeName = normalizePythonName;

function fromTomlLock(text: string | null, key: string): string | null {
  const packages = parseQuietly(text).package;
  for (const entry of Array.isArray(packages) ? packages : []) {
    const { name, version } = record(entry);
    if (typeof name === 'string' && normalizeName(name) === key && typeof version === 'string')
      return version;
  }
  return null;
}

function fromPipfileLock(data: unknown, key: string): string | null {
  for (const section of ['default', 'develop']) {
    for (const [name, value] of Object.entries(record(record(data)[section]))) {
      const version = record(value).version;
      if (normalizeName(name) === key && typeof version === 'string')
        return version.replace(/^==/, '');
    }
  }
  return null;
}

/** A `.venv/lib/python3.X/site-packages/<name>-<version>.dist-info` directory. */
async function installedVersion(fs: DetectFileSystem, workspace: string, key: string) {
  const lib = joinProjectPath(workspace, '.venv/lib');
  for (const python of await fs.readdir(lib)) {
    if (!python.startsWith('python')) continue;
    for (const entry of await fs.readdir(`${lib}/${python}/site-packages`)) {
      const match = /^([^-]+)-(.+)\.dist-info$/.exec(entry);
      if (match && normalizeName(match[1] as string) === key) return match[2] as string;
    }
  }
  return null;
}

function parseQuietly(text: string | null): Record<string, unknown> {
  return text === null ? {} : (safely(() => parseToml(text)) ?? {});
}
