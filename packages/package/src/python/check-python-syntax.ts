import { spawn } from 'node:child_process';
import type { Problem } from '@svcpack/detect';
import { problem, SvcpackError } from '@svcpack/detect';
import type { FileSet } from '../pack-types.js';

/** What {@link checkPythonSyntax} needs. */
export interface PythonSyntaxOptions {
  /** The interpreter the service's dependencies come from. */
  python: string;
  /** `3.11.2`, for the message. */
  version: string;
  service: string;
  /** The directory the check runs in (an empty scratch directory). */
  cwd: string;
  signal?: AbortSignal | undefined;
}

/** One file that did not compile, as the check program reports it. */
interface SyntaxFailure {
  path: string;
  line: number | null;
  column: number | null;
  message: string;
}

/**
 * Compiles every `.py` file of `sources` (the service's own files, not its dependencies)
 * with the chosen interpreter in one process, as `py_compile` would but writing no
 * bytecode: `compile()` only, so the code never runs. `path` is the project-relative name
 * Python puts in its messages.
 */
const CHECK_SOURCE = `
import json, sys
failures = []
for item in json.load(sys.stdin):
    try:
        with open(item["from"], "rb") as handle:
            source = handle.read()
        compile(source, item["path"], "exec", dont_inherit=True)
    except SyntaxError as error:
        failures.append({"path": item["path"], "line": error.lineno, "column": error.offset, "message": error.msg})
    except ValueError as error:
        failures.append({"path": item["path"], "line": None, "column": None, "message": str(error)})
    except OSError:
        pass
json.dump(failures, sys.stdout)
`;

/**
 * Throws `PACKAGE_PYTHON_SYNTAX_ERROR`, one problem per file at its line and column, when
 * a Python source of the service does not compile with the interpreter it is packed for;
 * Node's packer refuses a file that does not parse the same way.
 */
export async function checkPythonSyntax(
  sources: FileSet,
  options: PythonSyntaxOptions,
): Promise<void> {
  const files = [...sources]
    .filter(([path, source]) => path.endsWith('.py') && source.kind === 'file')
    .map(([path, source]) => ({ path, from: source.kind === 'file' ? source.from : '' }));
  if (files.length === 0) return;

  const failures = await runCheck(options, JSON.stringify(files));
  if (failures.length === 0) return;
  throw new SvcpackError(failures.map((failure) => syntaxProblem(failure, options)));
}

function syntaxProblem(failure: SyntaxFailure, options: PythonSyntaxOptions): Problem {
  const at = failure.line === null ? '' : `:${failure.line}:${failure.column ?? 1}`;
  return problem(
    'PACKAGE_PYTHON_SYNTAX_ERROR',
    `The file ${failure.path}${at} of the service "${options.service}" does not compile with Python ${options.version}: ${failure.message}.`,
    {
      file: failure.path,
      line: failure.line,
      column: failure.line === null ? null : (failure.column ?? 1),
      hint: `Fix the syntax error at ${failure.path}${at} (python3 -m py_compile ${failure.path} shows it too), then package again.`,
    },
  );
}

function runCheck(options: PythonSyntaxOptions, input: string): Promise<SyntaxFailure[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.python, ['-I', '-S', '-c', CHECK_SOURCE], {
      cwd: options.cwd,
      signal: options.signal,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`the Python syntax check exited with ${code}: ${stderr.trim()}`));
        return;
      }
      resolve(JSON.parse(stdout) as SyntaxFailure[]);
    });
    child.stdin.end(input);
  });
}
