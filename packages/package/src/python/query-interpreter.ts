import { execFile } from 'node:child_process';
import { QUERY_INTERPRETER_SOURCE } from './query-interpreter-source.js';

/** One installed distribution, as the interpreter reported it. */
export interface InstalledDistribution {
  /** The `Name` of its metadata, as spelled there. */
  name: string;
  version: string;
  /** Raw `Requires-Dist` lines (egg-info `requires.txt` already converted by Python). */
  requires: string[];
  /** Absolute site directory holding it. */
  location: string;
  /** Name of its metadata directory inside `location` (`fastapi-0.92.0.dist-info`). */
  metadata: string;
  kind: 'dist-info' | 'egg-info';
  /** Installed paths relative to `location` (may start with `../`), or `null` when unknown. */
  files: string[] | null;
  /** `top_level.txt` names, read only when `files` is `null`. */
  topLevel: string[] | null;
  /** The source URL of an editable install, whose code lives outside `location`. */
  editable: string | null;
  /** The tool that installed it (`pip`, `uv`), `null` for a system package (Debian's). */
  installer: string | null;
}

/** What {@link QUERY_INTERPRETER_SOURCE} prints. */
export interface InterpreterReport {
  executable: string;
  prefix: string;
  /** `3.11.2`. */
  version: string;
  /** `cpython-311`. */
  cacheTag: string;
  /** `importlib.machinery.EXTENSION_SUFFIXES`: the `.so` names this interpreter loads. */
  extensionSuffixes: string[];
  /** Top-level module names of the standard library (Python 3.10+; builtins before). */
  stdlibModules: string[];
  /** The PEP 508 environment marker values of this interpreter. */
  markers: Record<string, string>;
  /** Sorted as Python would find them; one per normalised name. */
  distributions: InstalledDistribution[];
}

/** Why an interpreter could not be queried. */
export interface QueryFailure {
  reason: string;
}

/**
 * Runs `python` once with the query program and returns its report, or why it failed (not
 * there, not runnable, too old for `importlib.metadata`).
 */
export function queryInterpreter(
  python: string,
  options: { cwd: string; signal?: AbortSignal | undefined },
): Promise<InterpreterReport | QueryFailure> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      ['-c', QUERY_INTERPRETER_SOURCE],
      {
        cwd: options.cwd,
        signal: options.signal,
        maxBuffer: 256 * 1024 * 1024,
        encoding: 'utf8',
        // No bytecode left behind by svcpack's own run.
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      },
      (error, stdout, stderr) => {
        if (error?.name === 'AbortError') return reject(error);
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const reason =
            code === 'ENOENT' || code === 'EACCES'
              ? `not runnable (${code})`
              : `query failed: ${lastLine(stderr) || error.message}`;
          return resolve({ reason });
        }
        try {
          resolve(JSON.parse(stdout) as InterpreterReport);
        } catch {
          resolve({ reason: 'query printed no JSON' });
        }
      },
    );
  });
}

/** Whether a query result is a failure. */
export function isQueryFailure(value: InterpreterReport | QueryFailure): value is QueryFailure {
  return 'reason' in value;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
