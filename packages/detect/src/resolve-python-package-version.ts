import {
  parsePipRequirementsFileLoosely,
  parsePipRequirementsLine,
  type Requirement,
} from 'pip-requirements-js';
import { parse as parseToml } from 'smol-toml';
import type { DetectFileSystem } from './file-system.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
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
  const declared =
    fromRequirements(await read('requirements.txt'), key) ??
    fromPyproject(await read('pyproject.toml'), key) ??
    fromPipfile(await read('Pipfile'), key);
  const locked =
    fromTomlLock(await read('uv.lock'), key) ??
    fromTomlLock(await read('poetry.lock'), key) ??
    fromPipfileLock(await readJsonFile(fs, joinProjectPath(workspace, 'Pipfile.lock')), key);
  return { declared, locked, installed: await installedVersion(fs, workspace, key) };
}

/** PEP 503 name normalisation: `Python_FastHTML` and `python-fasthtml` are one project. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * The specifier of `key` in a requirements file. Only the lines that start with the name
 * go through the PEP 508 parser: it is a full grammar (ohm) and costs about a
 * millisecond a line, while a monorepo's requirements files have hundreds of lines and
 * detect asks about one package.
 */
function fromRequirements(text: string | null, key: string): string | null {
  if (text === null) return null;
  for (const line of logicalLines(text)) {
    const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(line)?.[0];
    if (name === undefined || normalizeName(name) !== key) continue;
    const requirement = parseRequirementLine(line);
    const spec = requirement ? specifierOf(key)(requirement) : null;
    if (spec !== null) return spec;
  }
  return null;
}

const parsedLines = new Map<string, Requirement | null>();

/** One PEP 508 line, parsed once per run: the services of a monorepo repeat their pins. */
function parseRequirementLine(line: string): Requirement | null {
  if (!parsedLines.has(line)) {
    const requirement =
      safely(() => parsePipRequirementsLine(line)) ??
      // A line the strict grammar rejects still names a package and a range.
      (safely(() => parsePipRequirementsFileLoosely(line)[0]) as Requirement | null);
    parsedLines.set(line, requirement);
  }
  return parsedLines.get(line) ?? null;
}

/** Requirement lines with `\` continuations joined and comments dropped (pip's rules). */
function logicalLines(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

function fromPyproject(text: string | null, key: string): string | null {
  const data = parseQuietly(text);
  const project = record(data.project);
  for (const entry of Array.isArray(project.dependencies) ? project.dependencies : []) {
    if (typeof entry !== 'string') continue;
    const requirement = safely(() => parsePipRequirementsLine(entry));
    const spec = requirement ? specifierOf(key)(requirement) : null;
    if (spec !== null) return spec;
  }
  const poetry = record(record(record(data.tool).poetry).dependencies);
  return fromTable(poetry, key);
}

function fromPipfile(text: string | null, key: string): string | null {
  const data = parseQuietly(text);
  return fromTable(record(data.packages), key) ?? fromTable(record(data['dev-packages']), key);
}

/** `name = "^1.0"` or `name = { version = "^1.0", … }` in a TOML table. */
function fromTable(table: Record<string, unknown>, key: string): string | null {
  for (const [name, value] of Object.entries(table)) {
    if (normalizeName(name) !== key) continue;
    if (typeof value === 'string') return value;
    const version = record(value).version;
    return typeof version === 'string' ? version : '*';
  }
  return null;
}

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

/** The version specifier of a requirement naming `key` (`>=0.90,<1`), `*` for none. */
function specifierOf(key: string) {
  return (requirement: Requirement): string | null => {
    if (!('name' in requirement) || normalizeName(requirement.name) !== key) return null;
    if (requirement.type === 'ProjectURL') return requirement.url;
    const specs = requirement.versionSpec ?? [];
    const text = specs.map((spec) => `${spec.operator}${spec.version ?? ''}`).join(',');
    return text === '' ? '*' : text;
  };
}

function parseQuietly(text: string | null): Record<string, unknown> {
  return text === null ? {} : (safely(() => parseToml(text)) ?? {});
}

function safely<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
