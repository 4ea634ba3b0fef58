import type { Requirement } from 'pip-requirements-js';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { DetectFileSystem } from './file-system.js';
import { lineAt } from './line-at.js';
import { listingOf } from './listing-file-system.js';
import { record, safely } from './plain-values.js';
import { joinProjectPath } from './project-path.js';
import { runMemo } from './run-memo.js';
import { parserReason, recordUnreadable } from './unreadable-files.js';

/**
 * Where a requirement is declared: `main` (what the app runs with), or a named extra
 * scope (`optional:<extra>`, `group:<name>`, `dev`) that installs only on request.
 */
export type PythonScope = 'main' | 'dev' | `optional:${string}` | `group:${string}`;

/** One declared Python dependency. */
export interface PythonRequirement {
  /** PEP 503-normalised (`python-fasthtml`, `flask`). */
  name: string;
  /** The version specifier (`>=0.90,<1`), `*` for none, or a URL. */
  specifier: string;
  scope: PythonScope;
  /** Project-relative file and 1-based line that declare it. */
  file: string;
  line: number;
  /** The declaration as written, trimmed. */
  text: string;
}

/** The dependency manifests of one directory, parsed. */
export interface PythonManifests {
  /** Files that declare dependencies; a pyproject.toml with only `[tool.*]` tables is not one. */
  files: string[];
  requirements: PythonRequirement[];
}

/** The requirement files pip users keep beside requirements.txt, and their scope. */
const REQUIREMENT_FILE = /^requirements(?:[-_.]([\w.-]+))?\.(?:txt|in)$/;

/**
 * Reads and parses every Python manifest of `directory`: requirements*.txt,
 * pyproject.toml (PEP 621 `[project]`, its optional dependencies, PEP 735
 * `[dependency-groups]`, Poetry's `[tool.poetry]` tables) and Pipfile. Names are
 * PEP 503-normalised, so `pytest-flask` is never `flask`. Parsed once per run.
 */
export function readPythonManifests(
  fs: DetectFileSystem,
  directory: string,
): Promise<PythonManifests> {
  return manifestsOf(fs, directory);
}

/** Whether `file` (a pyproject.toml) declares a project or dependencies, not only tool settings. */
export async function isPythonManifest(fs: DetectFileSystem, file: string): Promise<boolean> {
  const slash = file.lastIndexOf('/');
  const directory = slash < 0 ? '.' : file.slice(0, slash);
  return (await readPythonManifests(fs, directory)).files.includes(file);
}

/** PEP 503 name normalisation: `Python_FastHTML` and `python-fasthtml` are one project. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const manifestsOf = runMemo(read);

async function read(fs: DetectFileSystem, directory: string): Promise<PythonManifests> {
  const names = [...(await listingOf(fs, directory))];
  const files: string[] = [];
  const requirements: PythonRequirement[] = [];
  const manifests = names.filter(
    (name) => REQUIREMENT_FILE.test(name) || name === 'pyproject.toml' || name === 'Pipfile',
  );
  if (manifests.length === 0) return { files, requirements };
  // The PEP 508 grammar (ohm) takes ~30 ms to load: only projects with Python manifests pay.
  pep508 ??= await import('pip-requirements-js');
  for (const name of names) {
    const match = REQUIREMENT_FILE.exec(name);
    if (!match) continue;
    const file = joinProjectPath(directory, name);
    const text = await fs.readFile(file);
    if (text === null) continue;
    files.push(file);
    requirements.push(...fromRequirementsFile(fs, text, file, scopeOfSuffix(match[1])));
  }
  for (const [name, reader] of [
    ['pyproject.toml', fromPyproject],
    ['Pipfile', fromPipfile],
  ] as const) {
    if (!names.includes(name)) continue;
    const file = joinProjectPath(directory, name);
    const text = await fs.readFile(file);
    const found = text === null ? null : reader(fs, text, file);
    if (!found) continue;
    files.push(file);
    requirements.push(...found);
  }
  return { files: files.sort(), requirements };
}

/** `requirements-dev.txt`, `requirements.test.txt` and the like are not the app's. */
function scopeOfSuffix(suffix: string | undefined): PythonScope {
  if (suffix === undefined || /^(prod|production|main|base|common)$/i.test(suffix)) return 'main';
  return /dev|test|lint|doc|ci/i.test(suffix) ? 'dev' : `group:${suffix}`;
}

function fromRequirementsFile(
  fs: DetectFileSystem,
  text: string,
  file: string,
  scope: PythonScope,
) {
  const found: PythonRequirement[] = [];
  for (const { line, column, text: entry } of logicalLines(text)) {
    if (entry.startsWith('-')) continue; // -r, -c, -e, --index-url: not a requirement
    if (isPathOrUrl(entry)) continue; // pip installs it, but it names no project to read
    const { requirement, error } = parseRequirement(entry);
    if (requirement) found.push({ ...requirement, scope, file, line, text: entry });
    if (error) recordInvalid(fs, file, line, column, entry, error);
  }
  return found;
}

/**
 * pip also takes a local path (`.`, `./libs/x`, `x.whl`) or a URL (`git+https://…`,
 * `https://…/x.tar.gz`) as a line: no PEP 508 requirement, and no mistake either.
 */
function isPathOrUrl(entry: string): boolean {
  const first = entry.split(/[\s;]/)[0] ?? '';
  return /^[.~/\\]|^[a-z][\w+.-]*:\/\/|[/\\]|\.(?:whl|zip|tar\.gz|tgz)$/i.test(first);
}

/** A requirement the PEP 508 grammar rejects, at its line (`column` its first character). */
function recordInvalid(
  fs: DetectFileSystem,
  file: string,
  line: number,
  column: number | null,
  text: string,
  error: RequirementError,
) {
  // The grammar's column counts within the requirement; past a `\` continuation there is
  // no column of the file's line to give.
  const at = column === null || error.column === null ? null : column + error.column - 1;
  recordUnreadable(fs, {
    kind: 'requirement',
    file,
    pointer: null,
    line,
    column: at,
    reason: error.reason,
    text,
  });
}

/**
 * Requirement lines with `\` continuations joined, comments and per-requirement options
 * (`--hash=…`, as `uv export` writes) dropped: pip's own rules for the file format.
 */
function logicalLines(text: string): { line: number; column: number | null; text: string }[] {
  const lines: { line: number; column: number | null; text: string }[] = [];
  const physical = text.split(/\r?\n/);
  for (let index = 0; index < physical.length; index++) {
    const start = index;
    let joined = physical[index] ?? '';
    while (joined.endsWith('\\') && index + 1 < physical.length) {
      joined = `${joined.slice(0, -1)} ${physical[++index] ?? ''}`;
    }
    const entry = joined
      .replace(/(^|\s)#.*$/, '')
      .replace(/\s--[\w-]+(?:[=\s]\S+)?/g, '')
      .trim();
    const column = index === start ? joined.length - joined.trimStart().length + 1 : null;
    if (entry !== '') lines.push({ line: start + 1, column, text: entry });
  }
  return lines;
}

function fromPyproject(
  fs: DetectFileSystem,
  text: string,
  file: string,
): PythonRequirement[] | null {
  const data = parseTomlFile(fs, text, file);
  if (data === null) return null;
  const project = record(data.project);
  const poetry = record(record(data.tool).poetry);
  const groups = record(data['dependency-groups']);
  const declares = 'project' in data || 'dependency-groups' in data || 'dependencies' in poetry;
  if (!declares) return null;

  const found: PythonRequirement[] = [];
  const add = (entries: unknown, scope: PythonScope) => {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (typeof entry !== 'string') continue;
      const { requirement, error } = parseRequirement(entry);
      const at = locate(text, entry);
      if (requirement) found.push({ ...requirement, scope, file, ...at });
      if (error && !isPathOrUrl(entry)) {
        recordInvalid(fs, file, at.line, columnOf(text, entry), entry, error);
      }
    }
  };
  add(project.dependencies, 'main');
  for (const [extra, entries] of Object.entries(record(project['optional-dependencies']))) {
    add(entries, `optional:${extra}`);
  }
  for (const [group, entries] of Object.entries(groups)) add(entries, `group:${group}`);

  const table = (entries: unknown, scope: PythonScope) => {
    for (const [name, value] of Object.entries(record(entries))) {
      if (name.toLowerCase() === 'python') continue;
      found.push({ ...fromTableEntry(name, value), scope, file, ...locate(text, name) });
    }
  };
  table(poetry.dependencies, 'main');
  table(poetry['dev-dependencies'], 'dev');
  for (const [group, value] of Object.entries(record(poetry.group))) {
    table(record(value).dependencies, `group:${group}`);
  }
  return found;
}

function fromPipfile(fs: DetectFileSystem, text: string, file: string): PythonRequirement[] | null {
  const data = parseTomlFile(fs, text, file);
  if (data === null) return null;
  const found: PythonRequirement[] = [];
  for (const [section, scope] of [
    ['packages', 'main'],
    ['dev-packages', 'dev'],
  ] as const) {
    for (const [name, value] of Object.entries(record(data[section]))) {
      found.push({ ...fromTableEntry(name, value), scope, file, ...locate(text, name) });
    }
  }
  return found;
}

/** `name = "^1.0"` or `name = { version = "^1.0", … }` in a Poetry or Pipfile table. */
function fromTableEntry(name: string, value: unknown) {
  const version = typeof value === 'string' ? value : record(value).version;
  return {
    name: normalizePythonName(name),
    specifier: typeof version === 'string' ? version : '*',
  };
}

type Pep508 = typeof import('pip-requirements-js');
let pep508: Pep508 | undefined;

/** Why the strict grammar rejected a requirement, and where in it (1-based). */
interface RequirementError {
  reason: string;
  column: number | null;
}

interface ParsedRequirement {
  requirement: { name: string; specifier: string } | null;
  error: RequirementError | null;
}

const requirementCache = new Map<string, ParsedRequirement>();

/**
 * One PEP 508 string, parsed once per process: a monorepo's services repeat their pins.
 * A line the strict grammar rejects comes with its `error`, and still gives the package
 * and range the loose grammar reads from it, if any.
 */
function parseRequirement(entry: string): ParsedRequirement {
  let parsed = requirementCache.get(entry);
  if (parsed === undefined) {
    const parser = pep508 as Pep508;
    let error: RequirementError | null = null;
    let requirement: Requirement | null;
    try {
      requirement = parser.parsePipRequirementsLine(entry);
    } catch (thrown) {
      const reason = parserReason(thrown).replace(/^Failed to parse requirements line\. /, '');
      const column = /\bcol (\d+)/.exec(reason);
      error = {
        reason: reason.replace(/^Line \d+, col \d+: /, ''),
        column: column ? Number(column[1]) : null,
      };
      requirement = safely(
        () => parser.parsePipRequirementsFileLoosely(entry)[0],
      ) as Requirement | null;
    }
    parsed = {
      requirement: requirement && 'name' in requirement ? summarize(requirement) : null,
      error,
    };
    requirementCache.set(entry, parsed);
  }
  return parsed;
}

function summarize(requirement: Requirement & { name: string }) {
  const name = normalizePythonName(requirement.name);
  if (requirement.type === 'ProjectURL') return { name, specifier: requirement.url };
  const specs = 'versionSpec' in requirement ? (requirement.versionSpec ?? []) : [];
  const text = specs.map((spec) => `${spec.operator}${spec.version ?? ''}`).join(',');
  return { name, specifier: text === '' ? '*' : text };
}

/** The line of a declaration in a TOML file: where its text (a string or a key) first occurs. */
function locate(text: string, needle: string): { line: number; text: string } {
  const offset = Math.max(text.indexOf(needle), 0);
  const line = lineAt(text, offset);
  return { line, text: (text.split('\n')[line - 1] ?? needle).trim() };
}

/** The 1-based column where `needle` first occurs in `text`, within its line. */
function columnOf(text: string, needle: string): number {
  const offset = Math.max(text.indexOf(needle), 0);
  return offset - text.lastIndexOf('\n', offset - 1);
}

/** A TOML manifest's tables; one that does not parse is recorded for the run's warnings. */
function parseTomlFile(
  fs: DetectFileSystem,
  text: string,
  file: string,
): Record<string, unknown> | null {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const { line = null, column = null } = error instanceof TomlError ? error : {};
    const reason = parserReason(error).replace(/^Invalid TOML document: /, '');
    recordUnreadable(fs, {
      kind: 'manifest',
      file,
      pointer: null,
      line,
      column,
      reason,
      text: null,
    });
    return null;
  }
}
