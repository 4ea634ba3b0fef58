import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { DetectFileSystem } from './file-system.js';
import { ancestorDirectories } from './project-path.js';
import { readWorkspacePatterns, WORKSPACE_RUNTIME } from './read-workspace-patterns.js';
import type { Runtime, WorkspaceRoot } from './types.js';

/** A workspace root without the facts only a report needs (the key's line, the name). */
export type WorkspaceMembership = Omit<WorkspaceRoot, 'line' | 'package'>;

/** Compiled member globs, shared by every service of a run. */
const matchers = new Map<string, (path: string) => boolean>();

/**
 * The workspace of `runtime` that `directory` (a service's workspace) belongs to: walking
 * up to the project root, the first directory whose workspace files list it as a member
 * (npm/Yarn/Bun `workspaces` or pnpm-workspace.yaml `packages` for node, `[tool.uv.workspace]`
 * for python, go.work for go), honouring `!` and uv `exclude` globs; or `directory` itself
 * when its own files declare a workspace. `null` when neither holds.
 */
export async function findWorkspaceRoot(
  fs: DetectFileSystem,
  directory: string,
  runtime: Runtime | null,
): Promise<WorkspaceMembership | null> {
  if (runtime === null) return null;
  for (const root of ancestorDirectories(directory)) {
    const patterns = (await readWorkspacePatterns(fs, root)).filter(
      (pattern) => WORKSPACE_RUNTIME[pattern.rule] === runtime,
    );
    const first = patterns[0];
    if (first === undefined) continue;
    if (root === directory) {
      return { directory: root, rule: first.rule, source: first.file, member: false };
    }

    const path = root === '.' ? directory : posix.relative(root, directory);
    const excluded = patterns.some(
      (pattern) => pattern.glob.startsWith('!') && matcher(pattern.glob.slice(1))(path),
    );
    const listing = patterns.find(
      (pattern) => !pattern.glob.startsWith('!') && matcher(pattern.glob)(path),
    );
    if (listing && !excluded) {
      return { directory: root, rule: listing.rule, source: listing.file, member: true };
    }
  }
  return null;
}

function matcher(glob: string): (path: string) => boolean {
  let found = matchers.get(glob);
  if (!found) {
    found = picomatch(glob);
    matchers.set(glob, found);
  }
  return found;
}
