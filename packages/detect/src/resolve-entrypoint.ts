import type { DetectFileSystem } from './file-system.js';
import { joinProjectPath } from './project-path.js';

/** An entrypoint that exists, as a project-relative path. */
export interface ResolvedEntrypoint {
  path: string;
  kind: 'file' | 'directory';
  /** The attribute of a Python `module.path:attr` entrypoint, else `null`. */
  attribute: string | null;
}

/** What {@link resolveEntrypoint} looked at, for the not-found message. */
export interface MissingEntrypoint {
  /** The project-relative path that was checked. */
  checked: string;
}

/** A Python `module.path:attr` reference (reference/vercel-services.md §3.3). */
const PYTHON_REFERENCE = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):([A-Za-z_]\w*)$/;

/**
 * Finds the entrypoint `entrypoint` (normalised, relative to `root`) on disk. A
 * `module.path:attr` entrypoint is the file `module/path.py`; an extensionless path
 * counts as whatever is there, file or directory.
 */
export async function resolveEntrypoint(
  fs: DetectFileSystem,
  root: string,
  entrypoint: string,
): Promise<ResolvedEntrypoint | MissingEntrypoint> {
  const reference = PYTHON_REFERENCE.exec(entrypoint);
  const relative = reference ? `${(reference[1] as string).replace(/\./g, '/')}.py` : entrypoint;
  const path = joinProjectPath(root, relative);
  const kind = await fs.kind(path);
  if (kind === null) return { checked: path };
  return { path, kind, attribute: reference?.[2] ?? null };
}
