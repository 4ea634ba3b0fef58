import { detectGoLibrary } from './detect-go-library.js';
import type { DetectFileSystem } from './file-system.js';
import type { FrameworkInfo } from './framework-catalog.js';
import { parseGoMod } from './parse-go-mod.js';
import { joinProjectPath } from './project-path.js';
import { type PackageVersions, resolveNodePackageVersion } from './resolve-node-package-version.js';
import { resolvePythonPackageVersion } from './resolve-python-package-version.js';
import type { ResolvedFramework } from './types.js';

const UNKNOWN: PackageVersions = { declared: null, locked: null, installed: null };

/**
 * The framework a service resolved to, with its best known version: installed, else
 * locked, else declared (SPEC §2.1). For Go the version is that of `library`: the
 * go.mod `go` directive for the standard library's `net/http`, else the required
 * version of gin, echo, ….
 */
export async function resolveFramework(
  fs: DetectFileSystem,
  framework: FrameworkInfo,
  workspace: string,
): Promise<ResolvedFramework> {
  let versions = UNKNOWN;
  let library: string | null = null;
  if (framework.slug === 'go') {
    const text = await fs.readFile(joinProjectPath(workspace, 'go.mod'));
    const mod = text === null ? null : parseGoMod(text);
    const match = mod ? detectGoLibrary(mod, await goMainSources(fs, workspace)) : null;
    library = match?.name ?? 'net/http';
    const declared = match?.requirement?.version ?? mod?.go ?? null;
    const module = match?.requirement?.path ?? null;
    const sum = module === null ? null : await fs.readFile(joinProjectPath(workspace, 'go.sum'));
    versions = {
      ...UNKNOWN,
      declared,
      locked: sum === null ? null : goSumVersion(sum, module ?? '', declared),
    };
  } else if (framework.versionPackage && framework.runtime === 'python') {
    versions = await resolvePythonPackageVersion(fs, workspace, framework.versionPackage);
  } else if (framework.versionPackage && framework.runtime === 'node') {
    versions = await resolveNodePackageVersion(fs, workspace, framework.versionPackage);
  }

  const { declared, locked, installed } = versions;
  // A declared `workspace:^` or `link:../x` names no version: it never stands in as one.
  const range = versions.declaredIsRange === false ? null : declared;
  const version = installed ?? locked ?? range;
  const versionSource = installed ? 'installed' : locked ? 'lockfile' : range ? 'manifest' : null;
  return {
    slug: framework.slug,
    name: framework.name,
    version,
    versionSource,
    declared,
    locked,
    installed,
    library,
  };
}

/** Where a Go module's main package usually is (the `go` detector's own paths). */
const GO_MAIN_DIRECTORIES = ['.', 'cmd/api', 'cmd/server'];

/** The text of every `.go` file (tests aside) in the main package's directory. */
async function goMainSources(fs: DetectFileSystem, workspace: string): Promise<string[]> {
  for (const directory of GO_MAIN_DIRECTORIES) {
    const path = joinProjectPath(workspace, directory);
    const names = await fs.readdir(path);
    if (!names.includes('main.go')) continue;
    const files = names.filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'));
    const texts = await Promise.all(files.map((name) => fs.readFile(joinProjectPath(path, name))));
    return texts.filter((text): text is string => text !== null);
  }
  return [];
}

/**
 * The version go.sum records for `module`'s own content (not only its go.mod): the
 * required one when go.sum has it, else the last listed. go.sum lines are
 * `<module> <version>[/go.mod] h1:<hash>` (https://go.dev/ref/mod#go-sum-files).
 */
function goSumVersion(text: string, module: string, required: string | null): string | null {
  const versions = text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([path, version]) => path === module && version && !version.endsWith('/go.mod'))
    .map(([, version]) => version as string);
  if (required !== null && versions.includes(required)) return required;
  return versions[versions.length - 1] ?? null;
}
