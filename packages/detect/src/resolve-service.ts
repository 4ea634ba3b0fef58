import { posix } from 'node:path';
import { checkEntryFile, checkPythonApp } from './check-entry-file.js';
import { findEntrypoint } from './check-entrypoint.js';
import { checkGoMain } from './check-go-main.js';
import { checkNextBasePath } from './check-next-base-path.js';
import { packageManagerOf } from './check-package-manager.js';
import type { ConfigDocument } from './config-document.js';
import { configuredExtras } from './configured-extras.js';
import type { DetectFileSystem } from './file-system.js';
import { findEntryFile } from './find-entry-file.js';
import { findPythonHandler } from './find-python-handler.js';
import { type FrameworkInfo, findFramework } from './framework-catalog.js';
import { listingOf } from './listing-file-system.js';
import { ancestorDirectories, joinProjectPath } from './project-path.js';
import type { ResolvedEntrypoint } from './resolve-entrypoint.js';
import { resolveFramework } from './resolve-framework.js';
import { RUNTIME_EXTENSIONS, resolveRuntime } from './resolve-runtime.js';
import { resolveWorkspace } from './resolve-workspace.js';
import { selectFramework } from './select-framework.js';
import { createServiceReporter, type ServiceReporter } from './service-reporter.js';
import type { Evidence, FrameworkCandidate, Problem, ResolvedService } from './types.js';
import { type UnreadableFile, unreadableFilesIn } from './unreadable-files.js';
import type { ServiceConfig } from './validate-service.js';

/** What {@link resolveService} found for one service. */
export interface ResolveServiceResult {
  /** `null` when an error stopped the resolution. */
  service: ResolvedService | null;
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Resolves a statically valid service against the files (SPEC §1.3): its root and
 * entrypoint exist; then runtime, workspace, framework (with candidates and evidence),
 * entry file, handler, versions and package manager.
 */
export async function resolveService(
  fs: DetectFileSystem,
  document: ConfigDocument,
  config: ServiceConfig,
): Promise<ResolveServiceResult> {
  const errors = createServiceReporter(document, config.name, config.path);
  const warnings = createServiceReporter(document, config.name, config.path);
  const service = await resolve(fs, document, config, errors, warnings);
  return {
    service: errors.problems.length > 0 ? null : service,
    errors: errors.problems,
    warnings: warnings.problems,
  };
}

async function resolve(
  fs: DetectFileSystem,
  document: ConfigDocument,
  config: ServiceConfig,
  errors: ServiceReporter,
  warnings: ServiceReporter,
): Promise<ResolvedService | null> {
  const entry = await findEntrypoint(fs, config, errors);
  if (!entry) return null;

  const pinned = config.framework ? findFramework(config.framework) : undefined;
  const file = entry.kind === 'file' ? entry.path : null;
  const runtime = resolveRuntime({
    explicit: config.runtime,
    framework: pinned?.runtime ?? null,
    builder: config.builder,
    file,
  });
  if (file !== null && runtime === null) {
    errors.report(
      'UNSUPPORTED_ENTRYPOINT',
      `Entrypoint "${file}" of service "${config.name}" has no known runtime.`,
      {
        field: ['entrypoint'],
        value: config.entrypoint,
        expected: `a file ending in ${Object.keys(RUNTIME_EXTENSIONS).join(' ')}, or a directory`,
        hint: 'Set "runtime" (or "framework") for this service, or point "entrypoint" at a supported file.',
      },
    );
    return null;
  }

  const workspace = file ? await resolveWorkspace(fs, file, runtime, config.root) : entry.path;
  const pin = pinned ? { framework: pinned, evidence: pinEvidence(document, config) } : null;
  const selection = await selectFramework(fs, {
    workspace,
    entryKind: entry.kind,
    runtime,
    pinned: pin,
    boundary: config.root,
  });
  // Only on the error path: the manifest above a directory with no framework of its own.
  const above =
    selection.framework === null && entry.kind === 'directory' && selection.tied.length === 0
      ? await manifestAbove(fs, entry.path, config.root)
      : null;
  const framework =
    selection.framework ??
    fallbackFramework(config, entry, runtime, selection.tied, errors, warnings, () => ({
      unreadable: unreadableFilesIn(fs, entry.path),
      above,
    }));
  if (!framework) return null;

  const finalRuntime = runtime ?? framework.runtime;
  const candidate = selection.candidates.find((item) => item.slug === framework.slug) ?? null;
  let entrypoint = entry.path;
  if (
    entry.kind === 'directory' &&
    framework.backend &&
    (finalRuntime === 'node' || finalRuntime === 'python')
  ) {
    const found = await findEntryFile(fs, entry.path, finalRuntime, candidate);
    const context = { config, framework, candidate, directory: entry.path, runtime: finalRuntime };
    const started = await checkEntryFile(fs, found, context, errors, warnings);
    if (!started) return null;
    entrypoint = started;
  } else if (entry.kind === 'directory' && finalRuntime === 'go') {
    const main = await checkGoMain(fs, entry.path, config, errors);
    if (main === null) return null;
    entrypoint = main;
  } else if (entry.kind === 'file' && finalRuntime === 'python' && entry.attribute === null) {
    await checkPythonApp(fs, entry.path, { config, framework, candidate }, warnings);
  }

  const routed = config.type === 'web';
  // The `services` dialect hands requests over unchanged (SPEC §1.2).
  const stripPrefix = routed && framework.backend && config.dialect === 'experimentalServices';
  if (framework.slug === 'nextjs' && config.routePrefix !== null && config.routePrefix !== '/') {
    await checkNextBasePath(fs, workspace, config, warnings);
  }

  return {
    name: config.name,
    type: config.type,
    runtime: finalRuntime,
    framework: await resolveFramework(fs, framework, workspace),
    candidates: selection.candidates,
    workspace,
    entrypoint,
    handler: finalRuntime === 'python' ? await pythonHandler(fs, entrypoint, entry) : null,
    routePrefix: routed ? config.routePrefix : null,
    stripPrefix,
    memory: config.memory,
    maxDuration: config.maxDuration,
    includeFiles: config.includeFiles,
    excludeFiles: config.excludeFiles,
    packageManager: await packageManagerOf(fs, workspace, finalRuntime, config, warnings),
    buildCommand: config.buildCommand,
    installCommand: config.installCommand,
    ...configuredExtras(config),
  };
}

/**
 * No single framework was detected. A directory cannot run without one: an error that
 * lists the candidates. A file falls back to its runtime's bare preset (`python`,
 * `node`, `go`…), with a warning when candidates tied.
 */
function fallbackFramework(
  config: ServiceConfig,
  entry: ResolvedEntrypoint,
  runtime: ServiceConfig['runtime'],
  tied: FrameworkCandidate[],
  errors: ServiceReporter,
  warnings: ServiceReporter,
  causes: () => { unreadable: UnreadableFile[]; above: string | null },
): FrameworkInfo | null {
  const field = config.entrypoint === null ? [] : ['entrypoint'];
  const listed = tied.map(describeCandidate).join('; ');
  if (entry.kind === 'directory') {
    if (tied.length > 0) {
      errors.report(
        'MULTIPLE_FRAMEWORKS_SERVICE',
        `Directory "${entry.path}" of service "${config.name}" matches several frameworks: ${listed}.`,
        {
          field,
          value: tied.map((candidate) => candidate.slug),
          expected: 'exactly one framework',
          hint: `Pin one with "framework": "${tied[0]?.slug}".`,
        },
      );
    } else {
      // A manifest of the directory that did not parse is the likely cause: say so. Else a
      // manifest a few directories up (go.mod above cmd/server): a directory service is
      // its own workspace, so the framework there is not seen from here.
      const { unreadable, above } = causes();
      const broken = unreadable.map((failure) => `"${failure.file}"`);
      const up = above === null ? null : posix.dirname(above);
      const cause =
        broken.length === 0 ? '' : `; ${broken.join(', ')} could not be read (see its warning)`;
      errors.report(
        'MISSING_SERVICE_FRAMEWORK',
        `No framework detected in directory "${entry.path}" of service "${config.name}"${runtime ? ` among the ${runtime} frameworks` : ''}${cause}.`,
        {
          field,
          value: entry.path,
          expected:
            'a directory with a framework svcpack detects (package.json dependency, requirements.txt, go.mod + main.go, …)',
          hint:
            broken.length > 0
              ? `Fix ${broken.join(', ')}: detection ignored it, so the framework it declares went unseen.`
              : up !== null
                ? `"${above}" is above this directory, and a directory service is its own workspace: point "entrypoint" at "${posix.relative(config.root, up) || '.'}", or at the service's main file, or pin "framework".`
                : 'Point "entrypoint" at the service\'s main file, or pin "framework".',
        },
      );
    }
    return null;
  }

  const preset = runtime ? findFramework(runtime) : undefined;
  if (tied.length > 0) {
    warnings.report(
      'DETECT_AMBIGUOUS_FRAMEWORK',
      `Service "${config.name}" matches several frameworks (${listed}); it runs as plain ${preset?.name ?? runtime}.`,
      {
        field,
        value: tied.map((candidate) => candidate.slug),
        expected: 'exactly one framework',
        hint: `Pin one with "framework": "${tied[0]?.slug}" if the file serves it.`,
      },
    );
  }
  return preset ?? null;
}

function describeCandidate(candidate: FrameworkCandidate): string {
  const first = candidate.evidence[0];
  const where = first?.file ? ` (${first.file}${first.line ? `:${first.line}` : ''})` : '';
  return `${candidate.slug}${where}`;
}

function pinEvidence(document: ConfigDocument, config: ServiceConfig): Evidence {
  const at = document.locate([...config.path, 'framework']);
  return {
    rule: 'config',
    file: document.file,
    line: at.line,
    endLine: at.line,
    matched: true,
    detail: `"framework": "${config.framework}"`,
  };
}

/** The attribute of `module:attr`, else the app object bound in the file, else `app`. */
async function pythonHandler(fs: DetectFileSystem, file: string, entry: ResolvedEntrypoint) {
  if (entry.attribute) return entry.attribute;
  const source = await fs.readFile(file);
  return (source === null ? null : findPythonHandler(source)) ?? 'app';
}

/** Manifests that make a directory a workspace, as SPEC §1.3 lists them per runtime. */
const WORKSPACE_MANIFESTS = ['go.mod', 'package.json', 'pyproject.toml', 'requirements.txt'];

/**
 * The nearest workspace manifest in a directory above `directory`, up to `boundary` (the
 * service's root), as a project path; `null` when there is none. A package.json at the
 * boundary itself does not count: a monorepo's root has one whatever its services are.
 */
async function manifestAbove(
  fs: DetectFileSystem,
  directory: string,
  boundary: string,
): Promise<string | null> {
  for (const parent of ancestorDirectories(directory, boundary).slice(1)) {
    const names = await listingOf(fs, parent);
    const found = WORKSPACE_MANIFESTS.find(
      (name) => names.has(name) && !(name === 'package.json' && parent === boundary),
    );
    if (found) return joinProjectPath(parent, found);
  }
  return null;
}
