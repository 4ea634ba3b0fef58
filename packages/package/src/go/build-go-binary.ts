import { isAbsolute, relative, resolve } from 'node:path';
import { SvcpackError } from '@svcpack/detect';
import { GO_BUILD_FLAGS } from './go-toolchain.js';
import { runGo } from './run-go.js';

/** Options of {@link buildGoBinary}. */
export interface BuildGoBinaryOptions {
  go: string;
  /** Absolute package directory; `go build .` runs there. */
  dir: string;
  /** Absolute path of the binary to write. */
  output: string;
  env: NodeJS.ProcessEnv;
  /** Absolute project root: compiler positions are made relative to it. */
  root: string;
  /** Project-relative package directory, for messages. */
  displayDir: string;
  /** A sentence to add to the hint when the build fails (e.g. a toolchain too old). */
  extraHint?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** How many lines of compiler output a build failure quotes. */
const QUOTED_LINES = 12;

/** Matches a compiler position at the start of a line: `./main.go:12:3: undefined: x`. */
const POSITION = /^(\S+?\.go):(\d+)(?::(\d+))?:/;

/**
 * Runs `go build` with svcpack's reproducible flags. A failure is `PACKAGE_GO_BUILD_FAILED`
 * quoting the compiler's first lines, with file positions rewritten relative to the project
 * root, and the first position as the problem's file, line and column.
 */
export async function buildGoBinary(options: BuildGoBinaryOptions): Promise<void> {
  const result = await runGo(options.go, ['build', ...GO_BUILD_FLAGS, '-o', options.output, '.'], {
    cwd: options.dir,
    env: options.env,
    signal: options.signal,
  });
  if (result.code === 0) return;

  const lines = result.stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => rewritePosition(line, options.dir, options.root));
  const position = lines.map((line) => POSITION.exec(line)).find((match) => match !== null);
  const quoted = lines.slice(0, QUOTED_LINES);
  if (lines.length > QUOTED_LINES) quoted.push(`… ${lines.length - QUOTED_LINES} more lines`);
  const where = position
    ? `${position[1]}:${position[2]}${position[3] ? `:${position[3]}` : ''}`
    : null;

  throw SvcpackError.of(
    'PACKAGE_GO_BUILD_FAILED',
    `go build failed for "${options.displayDir}"${where ? ` at ${where}` : ''}:\n${quoted.join('\n')}`,
    {
      file: position?.[1] ?? options.displayDir,
      line: position ? Number(position[2]) : null,
      column: position?.[3] ? Number(position[3]) : null,
      hint: hintFor(result.stderr, options),
    },
  );
}

function hintFor(stderr: string, options: BuildGoBinaryOptions): string {
  const extra = options.extraHint ? ` ${options.extraHint}` : '';
  if (/GOPROXY=off|missing go\.sum entry|no required module provides/.test(stderr)) {
    return `svcpack builds offline (GOPROXY=off): run "go mod tidy" and "go mod download" in the module of "${options.displayDir}", then package again.${extra}`;
  }
  return `Fix the error above; "go build ." in "${options.displayDir}" shows the same.${extra}`;
}

/** Rewrites a leading `file.go:line:col` from the build directory to the project root. */
function rewritePosition(line: string, dir: string, root: string): string {
  const match = POSITION.exec(line);
  const file = match?.[1];
  if (!file) return line;
  const absolute = isAbsolute(file) ? file : resolve(dir, file);
  const fromRoot = relative(root, absolute).split('\\').join('/');
  if (fromRoot.startsWith('../') || isAbsolute(fromRoot)) return line;
  return fromRoot + line.slice(file.length);
}
