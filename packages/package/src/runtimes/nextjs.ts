import { join, posix } from 'node:path';
import type { Problem, ResolvedService } from '@svcpack/detect';
import { problem, SvcpackError } from '@svcpack/detect';
import { ownFilesFilter } from '../file-globs.js';
import { collectNextFiles } from '../nextjs/collect-next-files.js';
import { NEXT_LAUNCHER_PATH, nextLauncherSource } from '../nextjs/next-launcher.js';
import type { NextOutput } from '../nextjs/read-next-output.js';
import { readNextOutput } from '../nextjs/read-next-output.js';
import { runNextBuild } from '../nextjs/run-next-build.js';
import { isGeneratedBuildId, stabilizeNextFiles } from '../nextjs/stabilize-next-files.js';
import type { PackContext, PackedRuntime, Packer, StartSpec } from '../pack-types.js';

/** How many paths a warning lists before it says "and N more". */
const LISTED_PATHS = 5;

/**
 * Packs a Next.js service from its standalone output (SPEC §3, packaging notes §2.5):
 * builds it unless `--no-build` (asking Next for standalone output, see
 * {@link runNextBuild}), maps `<distDir>/standalone` back onto project paths, adds
 * `<distDir>/static` and `public`, makes the output reproducible where Next allows (see
 * `nextjs/stabilize-next-files.ts` for what remains), and starts `server.js` through
 * `_svcpack/launch-next.mjs`, which maps `HOST` to Next's `HOSTNAME`.
 */
export const packNext: Packer = async (context: PackContext): Promise<PackedRuntime> => {
  const { root, service, logger } = context;
  if (context.build) {
    await runNextBuild({ root, service, logger, signal: context.signal });
  }
  const output = readNextOutput(root, service, context.build);
  logger.debug(
    `nextjs: standalone output in ${posix.join(service.workspace, output.distDir)}, ` +
      `build id ${output.buildId}`,
  );

  const collected = await collectNextFiles(root, service, output);
  if (collected.outside.length > 0) throw tracingRootOutside(service, collected.outside);
  // Names that are not UTF-8 in the output Next left (public/ is copied as it is) are
  // PACKAGE_UNREADABLE_FILE_NAME, unless excludeFiles or a default exclude keeps them out.
  if (collected.unreadable.length > 0) await ownFilesFilter(context, collected.unreadable);

  const stable = await stabilizeNextFiles(collected.files, {
    root,
    workspace: service.workspace,
    output,
    replaceBuildId: isGeneratedBuildId(join(root, service.workspace), output.buildId),
  });

  const start = startSpec(service);
  const files = stable.files;
  const launcher = nextLauncherSource(output.serverPath, start.env);
  files.set(NEXT_LAUNCHER_PATH, { kind: 'content', data: Buffer.from(launcher), mode: 0o644 });

  const warnings = [
    ...basePathWarnings(service, output),
    ...tracingRootWarnings(root, service, output),
    ...envFileWarnings(service, collected.droppedEnvFiles),
    ...absolutePathWarnings(service, stable.absolutePathFiles),
  ];
  return { files, start, warnings };
};

function startSpec(service: ResolvedService): StartSpec {
  const env: Record<string, string> = {};
  if (service.routePrefix !== null) env.SVCPACK_ROUTE_PREFIX = service.routePrefix;
  env.SVCPACK_SERVICE_NAME = service.name;
  return {
    command: ['node', posix.relative(service.workspace, NEXT_LAUNCHER_PATH)],
    cwd: service.workspace,
    env,
  };
}

/** SPEC §1.3: a frontend under a prefix serves that prefix itself, through `basePath`. */
function basePathWarnings(service: ResolvedService, output: NextOutput): Problem[] {
  const prefix = service.routePrefix;
  if (prefix === null || prefix === '/' || output.basePath === prefix) return [];
  const now = output.basePath === '' ? 'sets no basePath' : `sets basePath "${output.basePath}"`;
  return [
    problem(
      'PACKAGE_NEXT_NO_BASE_PATH',
      `Service "${service.name}" is routed under "${prefix}", but its Next.js config ${now}, ` +
        `so its pages and /_next assets answer at other paths.`,
      {
        file: service.workspace,
        value: output.basePath,
        expected: prefix,
        hint: `Set basePath: '${prefix}' in the next.config of "${service.workspace}".`,
      },
    ),
  ];
}

function tracingRootWarnings(
  root: string,
  service: ResolvedService,
  output: NextOutput,
): Problem[] {
  const tracingRoot = posix.normalize(
    posix.relative(root.split('\\').join('/'), output.tracingRoot.split('\\').join('/')) || '.',
  );
  if (tracingRoot === '.') return [];
  return [
    problem(
      'PACKAGE_NEXT_TRACING_ROOT',
      `Service "${service.name}" was traced from "${tracingRoot}", not from the project root, ` +
        `so workspace packages and hoisted node_modules outside it may be missing.`,
      {
        file: service.workspace,
        value: tracingRoot,
        expected: '.',
        hint: tracingRootHint(service),
      },
    ),
  ];
}

function tracingRootOutside(service: ResolvedService, outside: readonly string[]): SvcpackError {
  return SvcpackError.of(
    'PACKAGE_NEXT_TRACING_ROOT',
    `The standalone output of service "${service.name}" holds files from outside the project ` +
      `root (${listPaths(outside)}): its outputFileTracingRoot lies above the project.`,
    { file: service.workspace, expected: '.', hint: tracingRootHint(service) },
  );
}

function tracingRootHint(service: ResolvedService): string {
  const toRoot = posix.relative(service.workspace, '.') || '.';
  return (
    `Set outputFileTracingRoot: path.join(__dirname, '${toRoot}') in the next.config of ` +
    `"${service.workspace}", or remove it, then build again.`
  );
}

function envFileWarnings(service: ResolvedService, dropped: readonly string[]): Problem[] {
  if (dropped.length === 0) return [];
  return [
    problem(
      'PACKAGE_NEXT_ENV_FILE_DROPPED',
      `Next.js copied ${listPaths(dropped)} into the standalone output of service ` +
        `"${service.name}"; svcpack left ${dropped.length === 1 ? 'it' : 'them'} out, as ` +
        `.env files never go into a bundle.`,
      {
        file: dropped[0] ?? null,
        value: [...dropped],
        hint: 'Give the server its runtime variables through the environment where it runs.',
      },
    ),
  ];
}

function absolutePathWarnings(service: ResolvedService, files: readonly string[]): Problem[] {
  if (files.length === 0) return [];
  return [
    problem(
      'PACKAGE_NEXT_ABSOLUTE_PATH',
      `The Next.js output of service "${service.name}" still holds the absolute build path ` +
        `in ${listPaths(files)}; the bundle differs between checkouts at different paths.`,
      {
        file: files[0] ?? null,
        value: [...files],
        hint: 'Build in the same directory on every machine to get the same bytes.',
      },
    ),
  ];
}

function listPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, LISTED_PATHS).map((path) => `"${path}"`);
  const more = paths.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
