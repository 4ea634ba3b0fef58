import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import { listingOf } from './listing-file-system.js';
import { nearestMatch } from './nearest-match.js';
import { joinProjectPath } from './project-path.js';
import { type ResolvedEntrypoint, resolveEntrypoint } from './resolve-entrypoint.js';
import type { ServiceReporter } from './service-reporter.js';
import type { ServiceConfig } from './validate-service.js';

/** The root and the entrypoint must exist; without an entrypoint, the root is it. */
export async function findEntrypoint(
  fs: DetectFileSystem,
  config: ServiceConfig,
  errors: ServiceReporter,
): Promise<ResolvedEntrypoint | null> {
  const rootKind = config.root === '.' ? 'directory' : await fs.kind(config.root);
  if (rootKind !== 'directory') {
    errors.report(
      rootKind === null ? 'ROOT_NOT_FOUND' : 'ROOT_NOT_DIRECTORY',
      `Root "${config.root}" of service "${config.name}" ${rootKind === null ? 'does not exist' : 'is a file, not a directory'}.`,
      {
        field: ['root'],
        value: config.root,
        expected: 'an existing directory, relative to the project root',
        hint:
          rootKind === null
            ? `Create "${config.root}" or fix "root".`
            : `Point "root" at the service's directory, e.g. "${posix.dirname(config.root)}".`,
      },
    );
    return null;
  }
  if (config.entrypoint === null) return { path: config.root, kind: 'directory', attribute: null };

  const found = await resolveEntrypoint(fs, config.root, config.entrypoint);
  if ('path' in found) return found;
  const reference = found.checked !== config.entrypoint && config.entrypoint.includes(':');
  const suggestion = await nearestExistingPath(fs, config.root, found.checked);
  // `api/main.py:app` mixes a path with an attribute: Vercel's reference is `api.main:app`.
  const mixed = /^(.+)\.py:([A-Za-z_]\w*)$/.exec(config.entrypoint);
  const hint = mixed
    ? `Write the file, "${mixed[1]}.py", or the module reference "${(mixed[1] as string).replaceAll('/', '.')}:${mixed[2]}": a path takes no ":${mixed[2]}".`
    : suggestion
      ? `Did you mean "${posix.relative(config.root, suggestion)}"?`
      : `Create "${found.checked}" or point "entrypoint" at the service's file or directory.`;
  errors.report(
    'ENTRYPOINT_NOT_FOUND',
    `Entrypoint "${config.entrypoint}" of service "${config.name}" does not exist${reference ? ` (looked for "${found.checked}")` : ''}.`,
    {
      field: ['entrypoint'],
      value: config.entrypoint,
      expected: 'an existing file or directory, relative to the project root (or "root")',
      suggestion: suggestion === null ? null : posix.relative(config.root, suggestion),
      hint,
    },
  );
  return null;
}

/**
 * `path` with its first missing segment replaced by the closest name its parent holds
 * (`apii/index.js` → `api/index.js`), when the result exists; else `null`. One listing
 * per segment, on the error path only.
 */
async function nearestExistingPath(
  fs: DetectFileSystem,
  root: string,
  path: string,
): Promise<string | null> {
  const segments = path.split('/');
  let parent = '.';
  for (const [index, segment] of segments.entries()) {
    const names = await listingOf(fs, parent);
    const name = names.has(segment) ? segment : nearestMatch(segment, names);
    if (name === null) return null;
    parent = joinProjectPath(parent, name);
    if (name !== segment) {
      const candidate = [parent, ...segments.slice(index + 1)].join('/');
      const inside = root === '.' || candidate.startsWith(`${root}/`);
      return inside && (await fs.kind(candidate)) !== null ? candidate : null;
    }
  }
  return null;
}
