import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import { ancestorDirectories, joinProjectPath } from './project-path.js';
import { isPythonManifest } from './read-python-manifest.js';
import type { Runtime } from './types.js';

/** The files that make a directory a runtime's project (SPEC §1.3). */
export const RUNTIME_MANIFESTS: Record<Runtime, readonly string[]> = {
  node: ['package.json'],
  python: ['pyproject.toml', 'requirements.txt', 'Pipfile', 'pylock.yml', 'uv.lock', 'setup.py'],
  go: ['go.mod'],
  ruby: ['Gemfile'],
  rust: ['Cargo.toml'],
  container: [],
};

/**
 * The build root of a file entrypoint: the nearest directory, from the file's own up to
 * `boundary` (the service `root`), holding a manifest of `runtime`; `boundary` when none
 * does. A pyproject.toml counts only when it declares a project or dependencies. A directory entrypoint is its own workspace and never comes here.
 */
export async function resolveWorkspace(
  fs: DetectFileSystem,
  file: string,
  runtime: Runtime | null,
  boundary: string,
): Promise<string> {
  const manifests = runtime ? RUNTIME_MANIFESTS[runtime] : [];
  for (const directory of ancestorDirectories(posix.dirname(file), boundary)) {
    for (const manifest of manifests) {
      const path = joinProjectPath(directory, manifest);
      if ((await fs.kind(path)) !== 'file') continue;
      // A pyproject.toml with only [tool.*] tables (pytest, ruff settings) is no project.
      if (manifest === 'pyproject.toml' && !(await isPythonManifest(fs, path))) continue;
      return directory;
    }
  }
  return boundary;
}
