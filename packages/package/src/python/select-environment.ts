import { existsSync } from 'node:fs';
import { delimiter, join, posix } from 'node:path';
import { SvcpackError } from '@svcpack/detect';
import type { InterpreterReport } from './query-interpreter.js';
import { isQueryFailure, queryInterpreter } from './query-interpreter.js';
import type { DeclaredRequirement } from './read-requirements.js';
import type { ClosureResult, UnmetRequirement } from './resolve-closure.js';
import { resolveClosure } from './resolve-closure.js';

/** One interpreter svcpack may take the dependencies from, and why it is on the list. */
export interface PythonCandidate {
  /** The command (an absolute path, or `python3` looked up on PATH). */
  python: string;
  /** How messages name it: project-relative inside the project, never the user's home. */
  display: string;
}

/** The environment chosen for a service. */
export interface SelectedEnvironment {
  candidate: PythonCandidate;
  report: InterpreterReport;
  closure: ClosureResult;
  /** One line per candidate tried before it, with why it was passed over. */
  passedOver: string[];
}

/** Options of {@link selectEnvironment}. */
export interface SelectEnvironmentOptions {
  root: string;
  workspace: string;
  requirements: readonly DeclaredRequirement[];
  /** The directory the queries run in (an empty scratch directory). */
  cwd: string;
  signal?: AbortSignal | undefined;
}

/**
 * The interpreters to try, in order: `$SVCPACK_PYTHON` alone when set; else the workspace's
 * `.venv` and `venv`, the project root's `.venv`, `$VIRTUAL_ENV`, `python3` on PATH, and
 * `/usr/bin/python3`. The same interpreter path is tried once.
 */
export function pythonCandidates(root: string, workspace: string): PythonCandidate[] {
  const override = process.env.SVCPACK_PYTHON;
  if (override) return [{ python: override, display: `${override} ($SVCPACK_PYTHON)` }];

  const list: PythonCandidate[] = [];
  const add = (python: string | null, display: string) => {
    if (python && !list.some((c) => c.python === python)) list.push({ python, display });
  };
  const venvPython = (dir: string) => {
    const python = join(dir, 'bin', 'python3');
    return existsSync(python) ? python : null;
  };
  for (const venv of new Set([
    posix.join(workspace, '.venv'),
    posix.join(workspace, 'venv'),
    '.venv',
  ])) {
    add(venvPython(join(root, venv)), `${venv}/bin/python3`);
  }
  if (process.env.VIRTUAL_ENV) {
    add(venvPython(process.env.VIRTUAL_ENV), '$VIRTUAL_ENV/bin/python3');
  }
  const onPathPython = onPath('python3');
  add(onPathPython, `python3 on PATH (${onPathPython})`);
  add(existsSync('/usr/bin/python3') ? '/usr/bin/python3' : null, '/usr/bin/python3');
  return list;
}

/**
 * Queries the candidates in order and returns the first whose installed distributions meet
 * every declared requirement and their closure. Throws `PACKAGE_PYTHON_NOT_FOUND` when no
 * candidate runs, `PACKAGE_PYTHON_DEPENDENCY_MISSING` (naming what each one lacked) when none
 * has everything.
 */
export async function selectEnvironment(
  options: SelectEnvironmentOptions,
): Promise<SelectedEnvironment> {
  const candidates = pythonCandidates(options.root, options.workspace);
  const passedOver: string[] = [];
  let closest: { candidate: PythonCandidate; unmet: UnmetRequirement[] } | null = null;

  for (const candidate of candidates) {
    const report = await queryInterpreter(candidate.python, options);
    if (isQueryFailure(report)) {
      passedOver.push(`${candidate.display}: ${report.reason}`);
      continue;
    }
    const closure = resolveClosure(report, options.requirements);
    if (closure.unmet.length === 0) return { candidate, report, closure, passedOver };
    passedOver.push(`${candidate.display} (Python ${report.version}): ${listUnmet(closure.unmet)}`);
    if (!closest || closure.unmet.length < closest.unmet.length) {
      closest = { candidate, unmet: closure.unmet };
    }
  }

  const tried = passedOver.map((line) => `  - ${line}`).join('\n');
  if (!closest) {
    throw SvcpackError.of(
      'PACKAGE_PYTHON_NOT_FOUND',
      `No Python interpreter could be run to package "${options.workspace}". Tried:\n${tried}`,
      {
        file: options.workspace,
        hint: `Create the service's environment ("python3 -m venv ${options.workspace}/.venv" and install its requirements there), or set SVCPACK_PYTHON to an interpreter.`,
      },
    );
  }

  const first = closest.unmet[0];
  const declared = options.requirements.find((r) => r.key === first?.requirement.key);
  throw SvcpackError.of(
    'PACKAGE_PYTHON_DEPENDENCY_MISSING',
    `No Python environment has every requirement of "${options.workspace}" installed. Tried:\n${tried}`,
    {
      file: declared?.file ?? options.workspace,
      line: declared?.line ?? null,
      value: first?.requirement.text ?? null,
      hint: `Install the requirements into one environment, e.g. "python3 -m venv ${options.workspace}/.venv && ${options.workspace}/.venv/bin/pip install -r ${options.workspace}/requirements.txt"; svcpack packages what is installed and installs nothing itself.`,
    },
  );
}

function listUnmet(unmet: readonly UnmetRequirement[]): string {
  return unmet
    .map(({ requirement, requiredBy, installed }) => {
      const what = installed === null ? 'missing' : `installed ${installed}`;
      const by = requiredBy === null ? '' : `, required by ${requiredBy}`;
      return `"${requirement.text}" (${what}${by})`;
    })
    .join(', ');
}

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, command))) return join(dir, command);
  }
  return null;
}
