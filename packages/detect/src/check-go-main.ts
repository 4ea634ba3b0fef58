import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import { listingOf } from './listing-file-system.js';
import { joinProjectPath } from './project-path.js';
import type { ServiceReporter } from './service-reporter.js';
import type { ServiceConfig } from './validate-service.js';

/** The clause `go build` needs to make a program of a package. */
const PACKAGE_MAIN = /^package\s+main\b/m;

/**
 * The Go package a directory service builds (`go build` takes a package, not a module):
 * the directory itself when it holds main.go, else the one `cmd/<name>` whose main.go is
 * `package main`, the usual layout of a module with several commands. Several of those
 * and no main.go at the top are never settled by taking the first: the error
 * `DETECT_AMBIGUOUS_GO_MAIN` lists them all. `null` when it was reported.
 */
export async function checkGoMain(
  fs: DetectFileSystem,
  directory: string,
  config: ServiceConfig,
  errors: ServiceReporter,
): Promise<string | null> {
  const mains = await findGoMains(fs, directory);
  if (mains.length <= 1) return mains[0] ?? directory;

  const files = mains.map((main) => joinProjectPath(main, 'main.go'));
  // The example is the command that most likely serves HTTP: `server` or `api` (the
  // names Vercel's Go preset looks for), else the first.
  const serving = files.find((file) => /\/cmd\/(server|api)\/main\.go$/.test(file)) ?? files[0];
  const first = posix.relative(config.root, serving as string);
  errors.report(
    'DETECT_AMBIGUOUS_GO_MAIN',
    `Directory "${directory}" of service "${config.name}" has no main.go, and ${mains.length} main packages below cmd/: ${files.join(', ')}.`,
    {
      field: config.entrypoint === null ? [] : ['entrypoint'],
      value: mains,
      expected: 'main.go in the directory, or exactly one main package in cmd/',
      hint: `Declare one service per command that serves HTTP, each with its main.go as entrypoint, e.g. "entrypoint": "${first}".`,
    },
  );
  return null;
}

/** `directory` when it holds main.go, else each `cmd/<name>` holding a main package. */
async function findGoMains(fs: DetectFileSystem, directory: string): Promise<string[]> {
  const listing = await listingOf(fs, directory);
  if (listing.has('main.go')) return [directory];
  if (!listing.has('cmd')) return [];

  const commands = joinProjectPath(directory, 'cmd');
  const mains: string[] = [];
  for (const name of await fs.readdir(commands)) {
    const main = joinProjectPath(commands, name);
    const source = await fs.readFile(joinProjectPath(main, 'main.go'));
    if (source !== null && PACKAGE_MAIN.test(source)) mains.push(main);
  }
  return mains;
}
