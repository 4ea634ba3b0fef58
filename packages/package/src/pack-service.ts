import { lstat, mkdir, readlink, realpath, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Problem, ResolvedService } from '@svcpack/detect';
import { SvcpackError } from '@svcpack/detect';
import { addDiskFile } from './disk-files.js';
import { resolveFileGlobs } from './file-globs.js';
import { toJsonText } from './output-dir.js';
import type { FileSet, Logger, Packer, StartSpec } from './pack-types.js';
import { writeBundle } from './write-bundle.js';

/** `services/<name>/service.json` (SPEC §3), in its key order. */
export interface ServiceManifest {
  schemaVersion: 1;
  name: string;
  type: ResolvedService['type'];
  runtime: ResolvedService['runtime'];
  framework: { slug: string; version: string | null } | null;
  routePrefix: string | null;
  stripPrefix: boolean;
  workspace: string;
  entrypoint: string;
  handler: string | null;
  start: StartSpec;
  memory: number | null;
  maxDuration: number | null;
  files: number;
  bytes: number;
  digest: string;
}

/** One service packaged by the run (SPEC §2.1 `package` result), in its key order. */
export interface PackagedService {
  name: string;
  /** Relative to `out`: `services/<name>`. */
  dir: string;
  files: number;
  bytes: number;
  digest: string;
}

/** What one run shares with each service it packs. */
export interface RunContext {
  root: string;
  staging: string;
  neverPackaged: string[];
  logger: Logger;
  build: boolean;
  signal: AbortSignal | undefined;
}

/** Packs one service into `<staging>/services/<name>/`: bundle and service.json. */
export async function packService(
  run: RunContext,
  service: ResolvedService,
  packer: Packer,
): Promise<{ entry: PackagedService; warnings: Problem[] }> {
  await checkEntrypointInside(run.root, service);
  const scratch = join(run.staging, '.scratch', service.name);
  await mkdir(scratch, { recursive: true });

  const packed = await packer({
    root: run.root,
    service,
    build: run.build,
    scratch,
    outputDirs: run.neverPackaged,
    logger: run.logger,
    ...(run.signal ? { signal: run.signal } : {}),
  });
  const { files, warnings: globWarnings } = await applyFileGlobs(run, service, packed.files);

  const dir = `services/${service.name}`;
  const bundle = join(run.staging, dir, 'bundle');
  const summary = await writeBundle(files, bundle);
  // The start directory must exist even when no file lands in it (a Go service ships only
  // binaries under _svcpack/); the digest covers files and links, not directories.
  await mkdir(join(bundle, packed.start.cwd), { recursive: true });
  const manifest: ServiceManifest = {
    schemaVersion: 1,
    name: service.name,
    type: service.type,
    runtime: service.runtime,
    framework: service.framework
      ? {
          slug: service.framework.slug,
          version: packed.frameworkVersion ?? service.framework.version,
        }
      : null,
    routePrefix: service.routePrefix,
    stripPrefix: service.stripPrefix,
    workspace: service.workspace,
    entrypoint: service.entrypoint,
    handler: service.handler,
    start: { ...packed.start, env: sortKeys(packed.start.env) },
    memory: service.memory,
    maxDuration: service.maxDuration,
    ...summary,
  };
  await writeFile(join(run.staging, dir, 'service.json'), toJsonText(manifest));
  run.logger.debug(`${service.name}: ${summary.files} files, ${summary.bytes} bytes`);

  return {
    entry: { name: service.name, dir, ...summary },
    warnings: [...packed.warnings, ...globWarnings],
  };
}

/**
 * Refuses an entrypoint that is, or lies below, a symlink leading out of the project
 * (SPEC §4: nothing outside the root ships unless a glob names it). Tracers follow the
 * link to the real file, so the bundle would get that file's content while module lookup
 * (the nearest package.json, relative imports) happens beside the real file, outside.
 */
async function checkEntrypointInside(root: string, service: ResolvedService): Promise<void> {
  const real = await realpath(join(root, service.entrypoint)).catch(() => null);
  if (real === null) return;
  const fromRoot = relative(await realpath(root), real);
  if (fromRoot !== '..' && !fromRoot.startsWith('../') && !isAbsolute(fromRoot)) return;

  const parts = service.entrypoint.split('/');
  let link = service.entrypoint;
  let target = real;
  for (let count = 1; count <= parts.length; count++) {
    const path = parts.slice(0, count).join('/');
    const info = await lstat(join(root, path));
    if (!info.isSymbolicLink()) continue;
    link = path;
    target = await readlink(join(root, path));
    break;
  }
  // Located at the config's entrypoint (the package run fills file, line and column from
  // the pointer): that is what the user wrote; the link and its target are in the message.
  throw SvcpackError.of(
    'PACKAGE_INVALID_SYMLINK',
    `The entrypoint "${service.entrypoint}" of the service "${service.name}" leads out of the project: "${link}" is a symlink to "${target}".`,
    {
      pointer: `/experimentalServices/${service.name}/entrypoint`,
      value: { link, target },
      expected: 'an entrypoint inside the project root',
      hint: `Replace the link "${link}" with the file itself (or a link to a file inside the project).`,
    },
  );
}

/**
 * The last word on what ships, the same for every runtime: `includeFiles` are added,
 * then `excludeFiles`, the default excludes and the output directory are taken out.
 * Returns the warnings of include patterns that matched nothing.
 */
async function applyFileGlobs(
  run: RunContext,
  service: ResolvedService,
  files: FileSet,
): Promise<{ files: FileSet; warnings: Problem[] }> {
  const globs = await resolveFileGlobs({
    root: run.root,
    workspace: service.workspace,
    service: service.name,
    includeFiles: service.includeFiles,
    excludeFiles: service.excludeFiles,
    neverPackaged: run.neverPackaged,
  });
  for (const file of globs.included) {
    if (!files.has(file.path)) await addDiskFile(files, run.root, file.path, file.from);
  }
  globs.apply(files, run.logger);
  return { files, warnings: globs.warnings };
}

/** `start.env` with its keys sorted, whichever order a packer listed them in. */
function sortKeys(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
