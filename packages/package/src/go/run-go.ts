import { execFile } from 'node:child_process';

/** What a finished `go` command printed. */
export interface GoRunResult {
  /** The exit code; `null` when the command could not be started at all. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not be started (`ENOENT` for a missing `go`). */
  spawnError: NodeJS.ErrnoException | null;
}

/** Options of {@link runGo}. */
export interface RunGoOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal | undefined;
}

/** Runs `go` with `args`; resolves with the outcome instead of rejecting on a failure. */
export function runGo(
  go: string,
  args: readonly string[],
  options: RunGoOptions,
): Promise<GoRunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      go,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        signal: options.signal,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error && error.name === 'AbortError') return reject(error);
        const errno = error as (NodeJS.ErrnoException & { code?: unknown }) | null;
        if (errno && typeof errno.code === 'string') {
          return resolve({ code: null, stdout, stderr, spawnError: errno });
        }
        const code = errno ? (typeof errno.code === 'number' ? errno.code : 1) : 0;
        resolve({ code, stdout, stderr, spawnError: null });
      },
    );
  });
}
