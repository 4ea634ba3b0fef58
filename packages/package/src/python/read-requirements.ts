import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Problem } from '@svcpack/detect';
import { problem, SvcpackError } from '@svcpack/detect';
import { parse as parseToml } from 'smol-toml';
import type { PythonRequirement } from './python-requirement.js';
import { parseRequirement } from './python-requirement.js';

/** A requirement the service declares, with where it was declared. */
export interface DeclaredRequirement extends PythonRequirement {
  /** Project-relative file. */
  file: string;
  /** 1-based line, or `null` for pyproject.toml. */
  line: number | null;
}

/** What {@link readRequirements} found. */
export interface ReadRequirementsResult {
  requirements: DeclaredRequirement[];
  /** The project-relative manifests that were read. */
  manifests: string[];
  warnings: Problem[];
}

/**
 * Reads the requirements a Python service declares in its workspace: `requirements.txt`
 * (following `-r` includes) and `[project].dependencies` of `pyproject.toml`, both when both
 * exist. pip options (`--index-url`, `--hash`, `-c`) are ignored; requirements with no
 * project name (`-e ../lib`, `./wheels/x.whl`) cannot be matched to an installed
 * distribution and come back as warnings. Pipfile, uv.lock and setup.py are not read.
 */
export async function readRequirements(
  root: string,
  workspace: string,
): Promise<ReadRequirementsResult> {
  const result: ReadRequirementsResult = { requirements: [], manifests: [], warnings: [] };
  const invalid: Problem[] = [];
  const read = { result, invalid };
  await readRequirementsFile(root, posix.join(workspace, 'requirements.txt'), read, new Set());
  await readPyproject(root, posix.join(workspace, 'pyproject.toml'), read);
  if (invalid.length > 0) throw new SvcpackError(invalid);
  return result;
}

/** What the readers fill: the result, and every requirement that does not parse. */
interface ReadState {
  result: ReadRequirementsResult;
  invalid: Problem[];
}

/** Where a requirement sits: 1-based line and column, or its index in `[project].dependencies`. */
type RequirementPlace =
  | { line: number; column: number; index?: undefined }
  | { line: null; column: null; index: number };

async function readRequirementsFile(
  root: string,
  file: string,
  state: ReadState,
  seen: Set<string>,
): Promise<void> {
  const { result } = state;
  if (seen.has(file) || file.startsWith('../')) return;
  seen.add(file);
  const text = await readText(join(root, file));
  if (text === null) return;
  result.manifests.push(file);

  for (const { line, column, content } of logicalLines(text)) {
    const include = /^(?:-r|--requirement)(?:\s+|=)(\S+)$/.exec(content);
    if (include?.[1]) {
      const target = posix.normalize(posix.join(posix.dirname(file), include[1]));
      await readRequirementsFile(root, target, state, seen);
      continue;
    }
    if (/^(?:-e|--editable)\b/.test(content) || isPathOrUrl(content)) {
      result.warnings.push(
        problem(
          'PACKAGE_PYTHON_UNCHECKED_REQUIREMENT',
          `The requirement "${content}" in "${file}" line ${line} names no project, so svcpack cannot tell which installed distribution it is; it was not checked or copied.`,
          {
            file,
            line,
            value: content,
            hint: 'Name the project ("name @ file:///…"), or install it non-editable and list it by name.',
          },
        ),
      );
      continue;
    }
    if (content.startsWith('-')) continue;
    const requirement = parseOrRecord(
      content.replace(/\s+--[a-z][\w-]*(?:[=\s]\S+)?/g, ''),
      file,
      { line, column },
      state.invalid,
    );
    if (requirement) result.requirements.push({ ...requirement, file, line });
  }
}

async function readPyproject(root: string, file: string, state: ReadState) {
  const { result } = state;
  const text = await readText(join(root, file));
  if (text === null) return;
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw SvcpackError.of(
      'PACKAGE_PYTHON_INVALID_REQUIREMENT',
      `"${file}" is not valid TOML: ${(error as Error).message.split('\n')[0]}`,
      { file, hint: `Fix the syntax of "${file}".` },
    );
  }
  const project = document.project as { dependencies?: unknown } | undefined;
  if (!project || project.dependencies === undefined) return;
  result.manifests.push(file);
  if (!Array.isArray(project.dependencies)) {
    throw SvcpackError.of(
      'PACKAGE_PYTHON_INVALID_REQUIREMENT',
      `[project].dependencies in "${file}" is not an array of requirement strings.`,
      {
        file,
        pointer: '/project/dependencies',
        hint: 'Write it as dependencies = ["fastapi>=0.90"].',
      },
    );
  }
  for (const [index, entry] of project.dependencies.entries()) {
    const place = { line: null, column: null, index };
    const requirement =
      typeof entry === 'string' ? parseOrRecord(entry, file, place, state.invalid) : null;
    if (requirement) result.requirements.push({ ...requirement, file, line: null });
  }
}

/**
 * Parses one requirement; one that does not parse is added to `invalid` (every bad line
 * of a file is reported at once) and gives `null`.
 */
function parseOrRecord(
  text: string,
  file: string,
  place: RequirementPlace,
  invalid: Problem[],
): PythonRequirement | null {
  try {
    return parseRequirement(text);
  } catch (error) {
    const where =
      place.line === null
        ? `[project].dependencies[${place.index}]`
        : `line ${place.line}:${place.column}`;
    invalid.push(
      problem(
        'PACKAGE_PYTHON_INVALID_REQUIREMENT',
        `The requirement "${text}" in "${file}" ${where} is not a PEP 508 requirement: ${parserReason(error)}.`,
        {
          file,
          line: place.line,
          column: place.column,
          pointer: place.line === null ? `/project/dependencies/${place.index}` : null,
          value: text,
          expected: 'name[extras] specifier ; marker, e.g. "fastapi>=0.90"',
          hint: `Fix that line of "${file}"; "pip install --dry-run -r" shows the same error.`,
        },
      ),
    );
    return null;
  }
}

/**
 * The parser's reason without its own position: it parses one line at a time, so its
 * "Line 1, col 8" counts within the requirement, not the file.
 */
function parserReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/^Failed to parse requirements line\.\s*/, '')
    .replace(/^Line \d+, col \d+:\s*/, '')
    .replace(/\.$/, '');
}

/**
 * Lines of a requirements file with `\` continuations joined and comments removed, each
 * with the 1-based line and column where its content starts.
 */
function logicalLines(text: string): { line: number; column: number; content: string }[] {
  const lines: { line: number; column: number; content: string }[] = [];
  let pending = '';
  let start = 0;
  let column = 1;
  for (const [index, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    if (pending === '') {
      start = index + 1;
      column = raw.length - raw.trimStart().length + 1;
    }
    if (raw.endsWith('\\')) {
      pending += `${raw.slice(0, -1)} `;
      continue;
    }
    const content = (pending + raw).replace(/(^|\s)#.*$/, '').trim();
    pending = '';
    if (content !== '') lines.push({ line: start, column, content });
  }
  return lines;
}

function isPathOrUrl(content: string): boolean {
  if (/^\S+\s*@\s*\S/.test(content)) return false;
  return (
    /^(?:\.{1,2}[\\/]|[\\/~]|[a-zA-Z]:\\|[a-z+]+:\/\/)/.test(content) ||
    /\.(?:whl|zip|tar\.gz)$/.test(content)
  );
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
