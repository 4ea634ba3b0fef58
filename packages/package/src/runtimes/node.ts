import type { Stats } from 'node:fs';
import { readlink, stat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import type { Problem, ResolvedService } from '@svcpack/detect';
import { problem, SvcpackError } from '@svcpack/detect';
import { resolve as nftResolve, nodeFileTrace } from '@vercel/nft';
import { addDiskFile } from '../disk-files.js';
import { resolveFileGlobs } from '../file-globs.js';
import { NODE_LAUNCHER_PATH, renderNodeLauncher } from '../launchers/node-launcher.js';
import { mapLimit } from '../map-limit.js';
import { checkDependenciesInstalled } from '../node-dependencies.js';
import type { FileSet, PackContext, Packer, StartSpec } from '../pack-types.js';
import { runConfiguredCommands } from '../run-command.js';

const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/**
 * Packs a Node service (Express, Hono, Koa, Fastify, plain `node:http`, …): runs the
 * configured install and build commands, traces the entry file with `@vercel/nft` from
 * the project root, copies what it reaches (symlinks kept as links), and adds the
 * launcher `_svcpack/launch.mjs`, which `start.command` runs from the workspace.
 */
export const packNode: Packer = async (context) => {
  const { root, service, logger } = context;
  const entry = join(root, service.entrypoint);
  if (context.build) await runConfiguredCommands(context);
  await checkEntry(service, entry);
  await checkDependenciesInstalled(root, service);

  const globs = await resolveFileGlobs({
    root,
    workspace: service.workspace,
    service: service.name,
    includeFiles: service.includeFiles,
    excludeFiles: service.excludeFiles,
    neverPackaged: context.outputDirs ?? [],
  });
  const started = performance.now();
  const traced = await traceEntry(context, entry, (path) => globs.ignore(path));
  logger.debug(
    `${service.name}: traced ${traced.length} files in ${Math.round(performance.now() - started)} ms`,
  );

  const files: FileSet = new Map();
  await mapLimit(traced, 32, (path) => addDiskFile(files, root, path));
  await addLinkTargets(files, root);
  globs.apply(files, logger);
  if (files.has(NODE_LAUNCHER_PATH)) {
    throw SvcpackError.of(
      'PACKAGE_PATH_CONFLICT',
      `The service "${service.name}" ships its own "${NODE_LAUNCHER_PATH}", where svcpack puts its launcher.`,
      { file: NODE_LAUNCHER_PATH, hint: 'Rename the project directory "_svcpack".' },
    );
  }

  const entryFromLauncher = posix.relative(posix.dirname(NODE_LAUNCHER_PATH), service.entrypoint);
  const launcher = renderNodeLauncher({
    service: service.name,
    routePrefix: service.routePrefix,
    stripPrefix: service.stripPrefix,
    entry: entryFromLauncher.startsWith('.') ? entryFromLauncher : `./${entryFromLauncher}`,
    handler: service.handler,
  });
  files.set(NODE_LAUNCHER_PATH, { kind: 'content', data: Buffer.from(launcher), mode: 0o644 });

  return { files, start: startSpec(service), warnings: [] };
};

/**
 * nft lists a symlink and, as a rule, what it resolves to. Where a link's target file is
 * missing from the list, add it, so the bundle holds no dangling link (vercel/next.js#98791).
 */
async function addLinkTargets(files: FileSet, root: string): Promise<void> {
  const paths = [...files.keys()];
  for (const [path, source] of [...files]) {
    if (source.kind !== 'symlink') continue;
    const target = posix.join(posix.dirname(path), source.target);
    if (files.has(target) || paths.some((other) => other.startsWith(`${target}/`))) continue;
    const info = await stat(join(root, target)).catch(() => null);
    if (info?.isFile()) await addDiskFile(files, root, target);
  }
}

/** How a packed Node service starts: the launcher, run from the workspace. */
function startSpec(service: ResolvedService): StartSpec {
  const env: Record<string, string> = { SVCPACK_SERVICE_NAME: service.name };
  if (service.routePrefix !== null) env.SVCPACK_ROUTE_PREFIX = service.routePrefix;
  return {
    command: ['node', posix.relative(service.workspace, NODE_LAUNCHER_PATH)],
    cwd: service.workspace,
    env,
  };
}

/** The entry must exist once the build ran, and be JavaScript. */
async function checkEntry(service: ResolvedService, entry: string): Promise<void> {
  const extension = posix.extname(service.entrypoint);
  const info = await stat(entry).catch(() => null);
  if (!info?.isFile() || !JS_EXTENSIONS.has(extension)) {
    throw SvcpackError.of(
      'DETECT_NO_ENTRY_FILE',
      `The entry of the Node service "${service.name}", "${service.entrypoint}", is not a JavaScript file.`,
      {
        file: service.entrypoint,
        pointer: `/experimentalServices/${service.name}/entrypoint`,
        expected: 'a .js, .mjs or .cjs file',
        hint: 'Point "entrypoint" at the file that starts or exports the server.',
      },
    );
  }
}

/**
 * Traces the entry with nft and returns the project-relative POSIX paths it reached.
 * Modules the service's own files import but nft cannot resolve are `PACKAGE_TRACE_FAILED`;
 * own files that do not parse are `PACKAGE_SYNTAX_ERROR` at the line and column acorn
 * (nft's parser) gives. Such warnings from inside `node_modules` (optional requires in
 * try/catch, as `debug` does for `supports-color`) are logged only.
 */
async function traceEntry(
  context: PackContext,
  entry: string,
  ignore: (path: string) => boolean,
): Promise<string[]> {
  const { root, service, logger } = context;
  const failures: { id: string; parent: string }[] = [];
  const fs = tolerantFileSystem();
  const result = await nodeFileTrace([entry], {
    base: root,
    processCwd: join(root, service.workspace),
    mixedModules: true,
    exportsOnly: true,
    moduleSyncCatchall: true,
    cache: {},
    ignore: (path) => ignore(toPosix(path)),
    ...fs,
    resolve: async (id, parent, job, cjsResolve) => {
      // Node 20.19+ honours the `module-sync` export condition, older Node does not, and
      // nft's `moduleSyncCatchall` misses it inside array-form `exports` (as in
      // `async-function`, which Express reaches). Resolve with and without the condition
      // and ship both targets, so the bundle runs on either. The second job only
      // overrides `conditions`; all state stays on nft's own job.
      const moduleSyncJob = Object.create(job, {
        conditions: { value: [...job.conditions, 'module-sync'] },
      }) as typeof job;
      const results = await Promise.allSettled([
        nftResolve(id, parent, job, cjsResolve),
        nftResolve(id, parent, moduleSyncJob, cjsResolve),
      ]);
      const paths = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value].flat() : []));
      if (paths.length > 0) return [...new Set(paths)];
      failures.push({ id, parent });
      throw (results[0] as PromiseRejectedResult).reason;
    },
  });

  const messages = [...result.warnings].map((warning) => warning.message);
  // nft retries a failed `./x.js` as `./x.ts` and warns only when both fail, so a
  // failure counts only when a warning names the same specifier.
  const unresolved = failures.filter(({ id }) =>
    messages.some((message) => message.startsWith(`Failed to resolve dependency "${id}"`)),
  );
  const ownFailures = unresolved
    .map(({ id, parent }) => ({ id, parent: toPosix(relative(root, parent)) }))
    .filter(({ parent }) => !isDependencyPath(parent));
  const unparsed = messages
    .map(parseFailure)
    .filter((failure) => failure !== null)
    .map((failure) => ({ ...failure, path: toPosix(relative(root, failure.path)) }))
    .filter(({ path }) => !isDependencyPath(path));

  for (const message of messages) logger.debug(`${service.name}: nft: ${message.split('\n')[0]}`);
  const problems = [
    ...(ownFailures.length > 0 ? [traceFailed(service, ownFailures)] : []),
    ...unparsed.map((failure) => syntaxError(service, failure)),
  ];
  if (problems.length > 0) throw new SvcpackError(problems);

  return [...result.fileList]
    .map(toPosix)
    .filter((path) => !path.startsWith('../'))
    .sort();
}

function traceFailed(
  service: ResolvedService,
  unresolved: readonly { id: string; parent: string }[],
): Problem {
  const parts = dedupe(unresolved.map(({ id, parent }) => `"${id}" imported by ${parent}`));
  return problem(
    'PACKAGE_TRACE_FAILED',
    `Tracing the service "${service.name}" failed: ${parts.join('; ')}.`,
    {
      file: unresolved[0]?.parent ?? service.entrypoint,
      value: unresolved.map(({ id }) => id),
      hint: 'Install the missing packages or fix the import paths, then package again; exclude files the service never loads with excludeFiles.',
    },
  );
}

/** A file nft could not parse, where acorn stopped (1-based line and column). */
interface ParseFailure {
  path: string;
  reason: string;
  line: number | null;
  column: number | null;
}

/**
 * Reads nft's `Failed to parse <path> as module:\n<acorn message> (<line>:<column>)`.
 * Acorn's column is 0-based; editors and `node --check` count from 1.
 */
function parseFailure(message: string): ParseFailure | null {
  const match = /^Failed to parse (.+) as module:\n(.*?)(?: \((\d+):(\d+)\))?$/s.exec(message);
  if (match === null) return null;
  const [, path = '', reason = '', line, column] = match;
  return {
    path,
    reason: reason.split('\n')[0] ?? reason,
    line: line === undefined ? null : Number(line),
    column: column === undefined ? null : Number(column) + 1,
  };
}

function syntaxError(service: ResolvedService, failure: ParseFailure): Problem {
  const at = failure.line === null ? '' : `:${failure.line}:${failure.column}`;
  return problem(
    'PACKAGE_SYNTAX_ERROR',
    `The file ${failure.path}${at} of the service "${service.name}" does not parse as JavaScript: ${failure.reason}.`,
    {
      file: failure.path,
      line: failure.line,
      column: failure.column,
      hint: `Fix the syntax error at ${failure.path}${at} (node --check ${failure.path} shows it too), then package again.`,
    },
  );
}

/**
 * nft's own file system gives up on a broken symlink on the way (vercel/nft#601); these
 * hooks answer "not there" for ENOENT and ENOTDIR instead, memoised as nft's own are.
 */
function tolerantFileSystem() {
  const stats = new Map<string, Promise<Stats | null>>();
  const links = new Map<string, Promise<string | null>>();
  const missing = (error: NodeJS.ErrnoException) =>
    ['ENOENT', 'ENOTDIR', 'EINVAL', 'UNKNOWN'].includes(error.code ?? '');
  const memo = <T>(cache: Map<string, Promise<T | null>>, path: string, load: () => Promise<T>) => {
    let hit = cache.get(path);
    if (hit === undefined) {
      hit = load().catch((error: NodeJS.ErrnoException) => {
        if (missing(error)) return null;
        throw error;
      });
      cache.set(path, hit);
    }
    return hit;
  };
  return {
    stat: (path: string) => memo(stats, path, () => stat(path)),
    readlink: (path: string) => memo(links, path, () => readlink(path)),
  };
}

function isDependencyPath(path: string): boolean {
  return path.split('/').includes('node_modules');
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}
