import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, posix, relative, resolve } from 'node:path';
import type { ResolvedService } from '@svcpack/detect';
import { SvcpackError } from '@svcpack/detect';

/** What a finished Next.js build left in a workspace, as far as packaging needs it. */
export interface NextOutput {
  /** The dist dir (`distDir`, `.next` by default), relative to the workspace, POSIX. */
  distDir: string;
  /** Absolute `<distDir>/standalone`. */
  standaloneDir: string;
  /**
   * The absolute directory of the project, as it is now, that the standalone directory
   * mirrors: the tracing root the build used (`outputFileTracingRoot`).
   */
  tracingRoot: string;
  /** Project-relative POSIX path of the standalone `server.js`. */
  serverPath: string;
  buildId: string;
  /** `basePath` of the config, `''` for none. */
  basePath: string;
  /**
   * The absolute project root at build time, as Next wrote it into its output, or `null`
   * when the output does not say. It differs from the current root for a build copied in.
   */
  buildRoot: string | null;
}

/** The part of `required-server-files.json` svcpack reads. */
interface RequiredServerFiles {
  appDir?: unknown;
  relativeAppDir?: unknown;
  config?: { basePath?: unknown; outputFileTracingRoot?: unknown };
}

const REQUIRED_SERVER_FILES = 'required-server-files.json';

/** Directories of an app that never hold Next's build output. */
const NOT_DIST_DIRS = new Set(['node_modules', 'public', 'app', 'pages', 'src']);

/**
 * Finds and reads the build output of a Next.js workspace. Throws `PACKAGE_NEXT_NOT_BUILT`
 * when there is none and `PACKAGE_NEXT_NOT_STANDALONE` when it has no standalone server.
 */
export function readNextOutput(root: string, service: ResolvedService, built: boolean): NextOutput {
  const appDir = join(root, service.workspace);
  const distDir = findDistDir(appDir);
  if (distDir === null) throw notBuilt(service, built);

  const dist = join(appDir, distDir);
  const manifest = readManifest(join(dist, REQUIRED_SERVER_FILES));
  const relativeAppDir = relativeAppDirOf(manifest);
  const standaloneDir = join(dist, 'standalone');
  const server = join(standaloneDir, relativeAppDir, 'server.js');
  if (!isFile(server)) throw notStandalone(root, service, posix.join(distDir, 'standalone'), built);

  const depth = relativeAppDir === '' ? 0 : relativeAppDir.split('/').length;
  const tracingRoot = resolve(appDir, ...Array<string>(depth).fill('..'));
  return {
    distDir,
    standaloneDir,
    tracingRoot,
    serverPath: posix.join(service.workspace, 'server.js'),
    buildId: readFileSync(join(dist, 'BUILD_ID'), 'utf8').trim(),
    basePath: typeof manifest.config?.basePath === 'string' ? manifest.config.basePath : '',
    buildRoot: buildRootOf(manifest, service.workspace),
  };
}

/**
 * `.next`, or the one top-level directory of the app that holds a build manifest (a custom
 * `distDir`; svcpack does not load the config to learn it). Nested dist dirs are not found.
 */
function findDistDir(appDir: string): string | null {
  if (isFile(join(appDir, '.next', REQUIRED_SERVER_FILES))) return '.next';
  if (!existsSync(appDir)) return null;
  const names = readdirSync(appDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_DIST_DIRS.has(entry.name))
    .map((entry) => entry.name)
    .sort();
  return names.find((name) => isFile(join(appDir, name, REQUIRED_SERVER_FILES))) ?? null;
}

function readManifest(path: string): RequiredServerFiles {
  const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return typeof value === 'object' && value !== null ? (value as RequiredServerFiles) : {};
}

/**
 * Where the app sits below the tracing root, POSIX, `''` for the root itself. Next writes
 * it as `relativeAppDir`; older versions only wrote both absolute paths.
 */
function relativeAppDirOf(manifest: RequiredServerFiles): string {
  if (typeof manifest.relativeAppDir === 'string') return trimDot(manifest.relativeAppDir);
  const appDir = manifest.appDir;
  const tracingRoot = manifest.config?.outputFileTracingRoot;
  if (typeof appDir === 'string' && typeof tracingRoot === 'string' && tracingRoot !== '') {
    return trimDot(relative(tracingRoot, appDir).split('\\').join('/'));
  }
  return '';
}

/** The build-time project root: the build-time app dir less the workspace's segments. */
function buildRootOf(manifest: RequiredServerFiles, workspace: string): string | null {
  const appDir = manifest.appDir;
  if (typeof appDir !== 'string' || !isAbsolute(appDir)) return null;
  if (workspace === '.') return appDir;
  const segments = workspace.split('/');
  const candidate = resolve(appDir, ...segments.map(() => '..'));
  return join(candidate, ...segments) === join(appDir) ? candidate : null;
}

function notBuilt(service: ResolvedService, built: boolean): SvcpackError {
  const where = posix.join(service.workspace, '.next');
  return SvcpackError.of(
    'PACKAGE_NEXT_NOT_BUILT',
    built
      ? `The build of service "${service.name}" left no Next.js build output: "${where}" ` +
          `has no ${REQUIRED_SERVER_FILES}.`
      : `Service "${service.name}" has no Next.js build output to package: "${where}" ` +
          `has no ${REQUIRED_SERVER_FILES}, and --no-build skips the build.`,
    {
      file: where,
      hint: built
        ? 'Make buildCommand run "next build" for this app, or remove it so svcpack runs it.'
        : 'Package without --no-build so svcpack builds the app, or run "next build" first.',
    },
  );
}

function notStandalone(
  root: string,
  service: ResolvedService,
  standalone: string,
  built: boolean,
): SvcpackError {
  const toRoot = relative(join(root, service.workspace), root).split('\\').join('/') || '.';
  const where = posix.join(service.workspace, standalone);
  const why = built
    ? 'svcpack asks for it with NEXT_PRIVATE_STANDALONE, but the config sets another output'
    : 'the existing build was made without output: "standalone"';
  return SvcpackError.of(
    'PACKAGE_NEXT_NOT_STANDALONE',
    `Service "${service.name}" has no Next.js standalone server: "${where}/server.js" is ` +
      `missing (${why}).`,
    {
      file: where,
      expected: "output: 'standalone'",
      hint:
        `Set output: 'standalone' and outputFileTracingRoot: path.join(__dirname, ` +
        `'${toRoot}') in the next.config of "${service.workspace}"` +
        (built ? '.' : ', or package without --no-build so svcpack builds it standalone.'),
    },
  );
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function trimDot(path: string): string {
  return path === '.' ? '' : path.replace(/\/+$/, '');
}
