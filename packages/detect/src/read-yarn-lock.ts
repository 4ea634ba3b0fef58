import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import { localPackagePath, versionOf } from './local-package.js';
import { record } from './plain-values.js';
import type { LockRecord } from './read-node-lockfile.js';
import { readYamlFile } from './read-yaml-file.js';
import { runMemo } from './run-memo.js';
import { parserReason, recordUnreadable } from './unreadable-files.js';

/**
 * What yarn.lock (`file`, in `lockDirectory`) records for npm package `name` as the
 * workspace `directories[0]` declares it (`declared`):
 * - v1 keys entries by `name@range`, several ranges per entry, comma-joined;
 * - Berry's is YAML with `name@npm:range` keys and a `__metadata` entry. It links
 *   workspaces, `link:` and `portal:` targets with the version `0.0.0-use.local`, and its
 *   `resolution` then names the directory: `next@workspace:packages/next` from the
 *   lockfile's directory, `express@link:../x::locator=api%40workspace%3Aapps%2Fapi` from
 *   the workspace in `locator`. A key with a `locator` belongs to that workspace only.
 *
 * The entry whose key has the declared range wins, else the first for `name`.
 */
export async function readYarnLock(
  fs: DetectFileSystem,
  file: string,
  lockDirectory: string,
  directories: readonly string[],
  name: string,
  declared: string | null,
): Promise<LockRecord | null> {
  const text = await fs.readFile(file);
  if (text === null) return null;
  const entries = text.includes('__metadata:')
    ? record(await readYamlFile(fs, file))
    : record(await parsedV1(fs, file));
  const importer = posix.relative(lockDirectory, directories[0] ?? lockDirectory) || '.';
  const wanted = declared === null ? [] : [`${name}@${declared}`, `${name}@npm:${declared}`];
  let any: LockRecord | null = null;
  for (const [key, value] of Object.entries(entries)) {
    const specs = key
      .split(',')
      .map((spec) => spec.trim().replace(/^"|"$/g, ''))
      .filter((spec) => spec.startsWith(`${name}@`) && isFor(spec, importer));
    if (specs.length === 0) continue;
    const found: LockRecord = {
      version: versionOf(value),
      ...linkedDirectory(lockDirectory, record(value).resolution),
    };
    if (specs.some((spec) => wanted.includes(spec.replace(/::.*$/, '')))) return found;
    any ??= found;
  }
  return any;
}

/** Whether a Berry spec is `importer`'s: it has no `locator`, or that workspace's. */
function isFor(spec: string, importer: string): boolean {
  const owner = locatorWorkspace(spec);
  return owner === null || owner === importer;
}

/** The directory a Berry `resolution` links (see {@link readYarnLock}), if it links one. */
function linkedDirectory(
  lockDirectory: string,
  resolution: unknown,
): Pick<LockRecord, 'directory' | 'linked'> {
  const descriptor = typeof resolution === 'string' ? resolution : '';
  const reference = referenceOf(descriptor).replace(/::.*$/, '');
  const workspace = /^workspace:(.*)$/.exec(reference);
  if (workspace) {
    return { directory: localPackagePath(lockDirectory, workspace[1] ?? ''), linked: true };
  }
  const link = /^(?:link|portal):(.*)$/.exec(reference);
  const owner = locatorWorkspace(descriptor);
  const base = owner === null ? null : localPackagePath(lockDirectory, owner);
  if (link && base !== null) {
    return { directory: localPackagePath(base, link[1] ?? ''), linked: true };
  }
  return { directory: null, linked: false };
}

/** `apps/api` of `…::locator=api%40workspace%3Aapps%2Fapi`; `null` without a locator. */
function locatorWorkspace(descriptor: string): string | null {
  const parameters = descriptor.split('::')[1];
  const locator = parameters === undefined ? null : new URLSearchParams(parameters).get('locator');
  const workspace = /^workspace:(.*)$/.exec(locator === null ? '' : referenceOf(locator));
  return workspace ? (workspace[1] ?? null) : null;
}

/** `workspace:packages/x` of `@acme/x@workspace:packages/x`: what follows the name. */
function referenceOf(descriptor: string): string {
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
  return at === -1 ? '' : descriptor.slice(at + 1);
}

/** v1 lockfiles parsed once per run, as YAML ones are: one root lockfile, many services. */
const parsedV1 = runMemo(async (fs, file) => {
  const text = await fs.readFile(file);
  return text === null ? null : parseYarnV1(fs, file, text);
});

async function parseYarnV1(fs: DetectFileSystem, file: string, text: string): Promise<unknown> {
  // A CommonJS module whose named exports Node's static analysis does not see: Node
  // offers them on `default` only, other loaders (vitest) by name.
  type Lockfile = typeof import('@yarnpkg/lockfile');
  const module = (await import('@yarnpkg/lockfile')) as Partial<Lockfile> & {
    default?: Partial<Lockfile>;
  };
  const parse = module.parse ?? module.default?.parse;
  if (!parse) return null;
  try {
    const parsed = parse(text);
    return parsed.type === 'success' || parsed.type === 'merge' ? parsed.object : null;
  } catch (error) {
    // Its message embeds the token (`Unknown token: { line: 4, … }`), whose line count
    // skips blank lines: the token's type is kept, the position left out.
    const reason = parserReason(error).replace(/: \{.*type: '(\w+)'.*$/, ' ($1)');
    recordUnreadable(fs, {
      kind: 'manifest',
      file,
      pointer: null,
      line: null,
      column: null,
      reason,
      text: null,
    });
    return null;
  }
}
