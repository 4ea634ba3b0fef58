import { rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { DetectServicesResult, Problem, ResolvedService } from '@svcpack/detect';
import {
  detectServices,
  isSvcpackError,
  nearestMatch,
  problem,
  SvcpackError,
  sortProblems,
} from '@svcpack/detect';
import { locateInConfig } from './locate-problems.js';
import {
  carryOver,
  commitStaging,
  createStaging,
  discardStaging,
  type ManifestEntry,
  type PreviousOutput,
  readPreviousOutput,
  toJsonText,
} from './output-dir.js';
import { type PackagedService, packService } from './pack-service.js';
import type { Logger, Packer } from './pack-types.js';
import { choosePacker } from './packers.js';
import { buildRoutes } from './routes.js';

export type { PackagedService } from './pack-service.js';

/** A progress event: one per service when it starts, and when it is done or failed. */
export interface PackageProgress {
  service: string;
  state: 'start' | 'done' | 'failed';
  /** Milliseconds the service took (with `done` and `failed`). */
  ms?: number;
}

/** Options of {@link packageServices}. */
export interface PackageOptions {
  /** Absolute project root (the directory holding vercel.json). */
  root: string;
  /** Absolute output directory; `<root>/.svcpack/output` by default. */
  out?: string;
  /** Package only these services and keep the others' earlier output; all when absent. */
  services?: readonly string[];
  /** Run the frameworks' builds and configured commands (default `true`). */
  build?: boolean;
  logger?: Logger;
  onProgress?: (event: PackageProgress) => void;
  /** Stops the run: running commands are killed and the staging output removed. */
  signal?: AbortSignal;
  /** Replaces `detectServices({ root })`, for tools and tests that resolve differently. */
  resolve?: () => Promise<DetectServicesResult>;
}

/** What {@link packageServices} returns: the `package` result of SPEC §2.1. */
export interface PackageResult {
  /** Absolute output directory: the only absolute path svcpack outputs. */
  out: string;
  /** The services packaged by this run, sorted by name. */
  services: PackagedService[];
  /** Relative to `out`. */
  routes: 'routes.json';
  warnings: Problem[];
}

const SILENT: Logger = { debug() {}, info() {}, warn() {} };

/**
 * Resolves the project's services, packages each one (or those named in `services`) into
 * `<out>/services/<name>/`, and writes `routes.json` and `manifest.json`. Everything is
 * assembled beside `out` and moved into place only when every service succeeded, so a
 * failure or an abort leaves the previous output exactly as it was. Detection resolves
 * every service of the config, since `routes.json` covers them all, so a config error
 * anywhere stops the run. Services are packaged one after the other: builds take both
 * cores, and in the Node fixture one service takes 80% of the tracing time, so packing two
 * at once would save little and make progress harder to read.
 */
export async function packageServices(options: PackageOptions): Promise<PackageResult> {
  const { root, signal } = options;
  const out = options.out ?? join(root, '.svcpack', 'output');
  const logger = options.logger ?? SILENT;

  const detected = await (options.resolve ?? (() => detectServices({ root })))();
  if (detected.errors.length > 0) throw new SvcpackError(detected.errors);
  if (detected.result === null) throw new Error('detectServices returned no result and no error');
  const all = detected.result.services;
  const selected = selectServices(all, options.services, detected.configFile ?? 'vercel.json');
  const plan = planPackers(selected);
  const previous = await readPreviousOutput(out, root);

  throwIfAborted(signal);
  const staging = await createStaging(out);
  try {
    const neverPackaged = [out, staging].map((dir) => toPosix(relative(root, dir)));
    const packaged: PackagedService[] = [];
    const warnings: Problem[] = [...detected.warnings];

    for (const { service, packer } of plan) {
      throwIfAborted(signal);
      const started = performance.now();
      options.onProgress?.({ service: service.name, state: 'start' });
      try {
        const run = { root, staging, neverPackaged, logger, build: options.build ?? true, signal };
        const { entry, warnings: serviceWarnings } = await packService(run, service, packer);
        packaged.push(entry);
        warnings.push(...serviceWarnings);
      } catch (error) {
        options.onProgress?.({ service: service.name, state: 'failed', ms: elapsed(started) });
        if (signal?.aborted) throw interrupted();
        if (!isSvcpackError(error)) throw error;
        throw new SvcpackError(await locateInConfig(root, detected.configFile, error.problems));
      }
      options.onProgress?.({ service: service.name, state: 'done', ms: elapsed(started) });
    }
    await rm(join(staging, '.scratch'), { recursive: true, force: true });

    const carried = await carryOthers(out, staging, previous, all, selected);
    const manifest = [...packaged, ...carried].sort((a, b) => compareNames(a.name, b.name));
    warnings.push(...missingOutputWarnings(all, manifest), ...subdomainOnlyWarnings(all));

    await writeFile(join(staging, 'routes.json'), toJsonText(buildRoutes(all)));
    await writeFile(
      join(staging, 'manifest.json'),
      toJsonText({ schemaVersion: 1, services: manifest.map(manifestEntry) }),
    );

    throwIfAborted(signal);
    await commitStaging(staging, out);
    return {
      out,
      services: packaged.sort((a, b) => compareNames(a.name, b.name)),
      routes: 'routes.json',
      warnings: sortProblems(await locateInConfig(root, detected.configFile, warnings)),
    };
  } catch (error) {
    await discardStaging(staging);
    throw error;
  }
}

function selectServices(
  all: readonly ResolvedService[],
  names: readonly string[] | undefined,
  configFile: string,
): ResolvedService[] {
  if (names === undefined || names.length === 0) return [...all];
  const known = all.map((service) => service.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new SvcpackError(
      unknown.map((name) => {
        const suggestion = nearestMatch(name, known);
        // The wording of detect's DETECT_UNKNOWN_SERVICE, so both commands say it alike.
        return problem(
          'DETECT_UNKNOWN_SERVICE',
          `No service "${name}" is declared in ${configFile}.`,
          {
            value: name,
            expected: `one of ${known.join(', ')}`,
            suggestion,
            hint: suggestion ? `Did you mean "${suggestion}"?` : `Pick one of ${known.join(', ')}.`,
          },
        );
      }),
    );
  }
  return all.filter((service) => names.includes(service.name));
}

/** Chooses every packer before anything runs, so all unsupported services come at once. */
function planPackers(
  services: readonly ResolvedService[],
): { service: ResolvedService; packer: Packer }[] {
  const problems: Problem[] = [];
  const plan: { service: ResolvedService; packer: Packer }[] = [];
  for (const service of services) {
    const choice = choosePacker(service);
    if ('problem' in choice) problems.push(choice.problem);
    else plan.push({ service, packer: choice.packer });
  }
  if (problems.length > 0) throw new SvcpackError(problems);
  return plan;
}

async function carryOthers(
  out: string,
  staging: string,
  previous: PreviousOutput,
  all: readonly ResolvedService[],
  selected: readonly ResolvedService[],
): Promise<ManifestEntry[]> {
  if (previous.kind !== 'output' || selected.length === all.length) return [];
  const others = all.filter((service) => !selected.includes(service)).map((s) => s.name);
  return carryOver(out, staging, previous.manifest, others);
}

/** A web service that `routes.json` routes to but that has no output yet. */
function missingOutputWarnings(
  all: readonly ResolvedService[],
  manifest: readonly { name: string }[],
): Problem[] {
  return all
    .filter((service) => service.type === 'web' && service.routePrefix !== null)
    .filter((service) => !manifest.some((entry) => entry.name === service.name))
    .map((service) =>
      problem(
        'PACKAGE_SERVICE_OUTPUT_MISSING',
        `routes.json routes "${service.routePrefix}" to the service "${service.name}", which has no output in this directory yet.`,
        {
          value: service.name,
          hint: `Package it too: svcpack package --service ${service.name} (or without --service).`,
        },
      ),
    );
}

/**
 * A web service reached only by its subdomain gets no route: `routes.json` routes paths,
 * not hosts (SPEC §3.2). Vercel would mount it at the generated prefix `/_/<name>`; svcpack
 * does not invent a prefix the config does not give, it says how to write one.
 */
function subdomainOnlyWarnings(all: readonly ResolvedService[]): Problem[] {
  return all
    .filter((service) => service.type === 'web' && service.routePrefix === null)
    .filter((service) => service.subdomain !== undefined && service.rewrites === undefined)
    .map((service) =>
      problem(
        'PACKAGE_ROUTE_SUBDOMAIN_ONLY',
        `The service "${service.name}" answers only on the subdomain "${service.subdomain}", so routes.json, which routes paths and not hosts, has no route to it.`,
        {
          value: service.name,
          pointer: `/experimentalServices/${service.name}`,
          hint: `Give it a path as well, e.g. "routePrefix": "/_/${service.name}" (the prefix Vercel generates for it), so routes.json routes to it.`,
        },
      ),
    );
}

function manifestEntry(entry: PackagedService | ManifestEntry): ManifestEntry {
  return {
    name: entry.name,
    dir: entry.dir,
    digest: entry.digest,
    files: entry.files,
    bytes: entry.bytes,
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw interrupted();
}

function interrupted(): SvcpackError {
  return SvcpackError.of('CLI_INTERRUPTED', 'Packaging was stopped before it finished.', {
    hint: 'The previous output was left as it was; run svcpack package again.',
  });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
