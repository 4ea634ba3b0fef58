import { mkdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import { SvcpackError } from '@svcpack/detect';
import { ownFilesFilter } from '../file-globs.js';
import type { FileSet, Packer } from '../pack-types.js';
import { addUndeclaredImports } from '../python/add-undeclared-imports.js';
import { checkOwnImports } from '../python/check-own-imports.js';
import { checkPythonSyntax } from '../python/check-python-syntax.js';
import { collectPythonSources } from '../python/collect-python-sources.js';
import { collectVendorFiles, PYTHON_VENDOR_DIR } from '../python/collect-vendor-files.js';
import { pythonLauncherSource } from '../python/launcher-source.js';
import { normalizeName } from '../python/python-requirement.js';
import { readRequirements } from '../python/read-requirements.js';
import type { ClosureResult } from '../python/resolve-closure.js';
import type { SelectedEnvironment } from '../python/select-environment.js';
import { selectEnvironment } from '../python/select-environment.js';

/** Bundle path of the generated Python launcher. */
export const PYTHON_LAUNCHER_PATH = '_svcpack/launch_python.py';

/** Frameworks whose app is ASGI and needs an ASGI server in the bundle. */
const ASGI_FRAMEWORKS: ReadonlySet<string> = new Set(['fastapi']);

/**
 * Packs a Python service (FastAPI and other ASGI apps, Flask and other WSGI apps): the whole
 * workspace minus environments and caches, the third-party distributions it needs copied
 * from an installed environment into `_svcpack/python`, and a generated launcher run with
 * `python3 -I -S`, so that nothing outside the bundle is importable (SPEC §3.1).
 */
export const packPython: Packer = async (context) => {
  const { root, service, scratch, logger, signal } = context;
  const { workspace } = service;

  const declared = await readRequirements(root, workspace);
  const { sources, shipped } = await collectOwnFiles(context);
  const queryDir = join(scratch, 'python-query');
  await mkdir(queryDir, { recursive: true });
  const environment = await selectEnvironment({
    root,
    workspace,
    requirements: declared.requirements,
    cwd: queryDir,
    signal,
  });
  const { closure, added } = await addUndeclaredImports(
    environment.report,
    declared.requirements,
    environment.closure,
  );
  logEnvironment(logger.debug.bind(logger), environment, declared.manifests);
  for (const { dist, module, importedBy } of added) {
    logger.debug(
      `python: ${importedBy} imports "${module}" without declaring it; copying ${dist.name} ${dist.version} too`,
    );
  }
  await checkOwnImports({
    root,
    service: service.name,
    workspace,
    entrypoint: service.entrypoint,
    shipped,
    manifests: declared.manifests,
    report: environment.report,
    interpreter: environment.candidate.display,
    closure,
  });
  requireServer(service, closure, declared.manifests);

  await checkOwnSyntax(context, shipped, environment, queryDir);
  const vendor = await collectVendorFiles(environment.report, closure.distributions);
  const prefix =
    service.stripPrefix && service.routePrefix && service.routePrefix !== '/'
      ? service.routePrefix
      : '';
  const launcher = pythonLauncherSource({
    serviceName: service.name,
    routePrefix: prefix,
    workspace,
    module: entryModule(workspace, service.entrypoint),
    entryFile: service.entrypoint,
    handler: service.handler ?? 'app',
    builtFor: vendor.hasExtensions ? environment.report.cacheTag : '',
  });

  const files: FileSet = new Map([...sources, ...vendor.files]);
  files.set(PYTHON_LAUNCHER_PATH, { kind: 'content', data: Buffer.from(launcher), mode: 0o644 });

  return {
    files,
    start: {
      command: ['python3', '-I', '-S', posix.relative(workspace, PYTHON_LAUNCHER_PATH)],
      cwd: workspace,
      env: {
        SVCPACK_PYTHON_VERSION: environment.report.version,
        SVCPACK_ROUTE_PREFIX: service.routePrefix ?? '',
        SVCPACK_SERVICE_NAME: service.name,
      },
    },
    warnings: [...declared.warnings, ...vendor.warnings],
    ...frameworkVersion(service, closure),
  };
};

/**
 * The dotted module of an entry file relative to its workspace (`app/main.py` → `app.main`,
 * `pkg/__init__.py` → `pkg`), or `null` when a segment is no Python identifier
 * (`my-app.py`); the launcher then loads the file by path.
 */
export function entryModule(workspace: string, entrypoint: string): string | null {
  const relative = posix.relative(workspace, entrypoint);
  if (relative.startsWith('../') || !relative.endsWith('.py')) return null;
  const parts = relative.slice(0, -'.py'.length).split('/');
  if (parts.length > 1 && parts.at(-1) === '__init__') parts.pop();
  return parts.every((part) => /^[A-Za-z_]\w*$/.test(part)) ? parts.join('.') : null;
}

/**
 * The version of the framework's distribution that ships, when it is among them. The
 * Python slugs of @vercel/frameworks (`fastapi`, `flask`, `django`) are their PyPI names.
 */
function frameworkVersion(
  service: ResolvedService,
  closure: ClosureResult,
): { frameworkVersion?: string } {
  const slug = service.framework?.slug;
  if (slug === undefined) return {};
  const name = normalizeName(slug);
  const dist = closure.distributions.find((candidate) => normalizeName(candidate.name) === name);
  return dist ? { frameworkVersion: dist.version } : {};
}

/** An ASGI framework's bundle must hold uvicorn: the launcher has no ASGI server of its own. */
function requireServer(
  service: ResolvedService,
  closure: ClosureResult,
  manifests: readonly string[],
): void {
  if (!service.framework || !ASGI_FRAMEWORKS.has(service.framework.slug)) return;
  const names = closure.distributions.map((dist) => normalizeName(dist.name));
  if (names.includes('uvicorn')) return;
  const manifest = manifests[0] ?? posix.join(service.workspace, 'requirements.txt');
  throw SvcpackError.of(
    'PACKAGE_PYTHON_NO_SERVER',
    `The ${service.framework.name} service "${service.name}" has no ASGI server among its requirements, so its bundle could not serve the app.`,
    {
      file: manifest,
      expected: 'uvicorn',
      hint: `Add "uvicorn" to "${manifest}" and install it into the service's environment.`,
    },
  );
}

/**
 * Lists the workspace's files (see {@link collectPythonSources}) and which of them ship
 * after `excludeFiles`. A name that is not UTF-8 and is not excluded is
 * `PACKAGE_UNREADABLE_FILE_NAME`, found before any interpreter is asked anything.
 */
async function collectOwnFiles(
  context: Parameters<Packer>[0],
): Promise<{ sources: FileSet; shipped: FileSet }> {
  const { root, service } = context;
  const { files: sources, unreadable } = await collectPythonSources(
    root,
    service.workspace,
    context.outputDirs,
  );
  const ships = await ownFilesFilter(context, unreadable);
  const shipped: FileSet = new Map([...sources].filter(([path]) => ships(path)));
  return { sources, shipped };
}

/**
 * Compiles the service's own Python files that will ship (excluded ones are left alone)
 * with the chosen interpreter, so that a syntax error stops packaging as it does for Node.
 */
async function checkOwnSyntax(
  context: Parameters<Packer>[0],
  shipped: FileSet,
  environment: SelectedEnvironment,
  cwd: string,
): Promise<void> {
  await checkPythonSyntax(shipped, {
    python: environment.candidate.python,
    version: environment.report.version,
    service: context.service.name,
    cwd,
    signal: context.signal,
  });
}

function logEnvironment(
  debug: (message: string) => void,
  environment: SelectedEnvironment,
  manifests: readonly string[],
): void {
  for (const line of environment.passedOver) debug(`python: passed over ${line}`);
  const { candidate, report, closure } = environment;
  const read = manifests.length > 0 ? manifests.join(', ') : 'no manifest';
  debug(
    `python: ${candidate.display} (Python ${report.version}) has every requirement of ${read}; copying ${closure.distributions.length} distributions into ${PYTHON_VENDOR_DIR}`,
  );
}
