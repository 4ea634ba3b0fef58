import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem, ResolvedService } from '@svcpack/detect';
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
      ? { slug: service.framework.slug, version: service.framework.version }
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
