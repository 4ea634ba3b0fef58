import { SvcpackError } from '@svcpack/detect';
import { runGo } from './run-go.js';

/** Options of {@link inspectGoPackage}. */
export interface InspectGoPackageOptions {
  go: string;
  /** Absolute package directory. */
  dir: string;
  /** Project-relative form of `dir`, for messages. */
  displayDir: string;
  /** The build environment ({@link goBuildEnv}); cgo is switched on here to see cgo files. */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal | undefined;
}

/**
 * Checks, before building, the two things `go build` would report badly: the package must be
 * `package main` (svcpack runs the service's own server, reference/packaging.md §6 item 31),
 * and nothing outside the standard library may need cgo, which a static `CGO_ENABLED=0` build
 * silently leaves out (item 32). One `go list -deps` run, with a line-based template so no
 * stream of JSON objects has to be parsed (item 33). Anything else is left to `go build`,
 * whose messages are better.
 */
export async function inspectGoPackage(options: InspectGoPackageOptions): Promise<void> {
  const template =
    '{{if not .DepOnly}}root\t{{.Name}}\t{{.ImportPath}}\n{{end}}' +
    '{{if and (not .Standard) .CgoFiles}}cgo\t{{.ImportPath}}\t{{join .CgoFiles " "}}{{end}}';
  const result = await runGo(options.go, ['list', '-e', '-deps', '-f', template, '.'], {
    cwd: options.dir,
    env: { ...options.env, CGO_ENABLED: '1' },
    signal: options.signal,
  });
  if (result.code !== 0) return;

  const rows = result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));

  const root = rows.find((row) => row[0] === 'root');
  const name = root?.[1] ?? '';
  if (name !== '' && name !== 'main') {
    throw SvcpackError.of(
      'PACKAGE_GO_NOT_MAIN',
      `The Go package in "${options.displayDir}" is "package ${name}", not "package main": there is no program to build.`,
      {
        file: options.displayDir,
        value: name,
        expected: 'package main',
        hint: 'Point the entrypoint at the directory (or a file) of the command that calls http.ListenAndServe, e.g. "cmd/server".',
      },
    );
  }

  const cgo = rows.filter((row) => row[0] === 'cgo');
  const first = cgo[0];
  if (first) {
    const list = cgo.map((row) => `"${row[1]}" (${row[2]})`).join(', ');
    throw SvcpackError.of(
      'PACKAGE_GO_CGO',
      `The Go service in "${options.displayDir}" needs cgo: ${list} import "C", and svcpack builds static binaries with CGO_ENABLED=0.`,
      {
        file: options.displayDir,
        value: first[1] ?? null,
        hint: 'Replace the cgo package with a pure-Go one (for SQLite, modernc.org/sqlite), or give the package a build-tagged pure-Go fallback.',
      },
    );
  }
}
