import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { mapLimit } from '../map-limit.js';
import type { FileSet, FileSource } from '../pack-types.js';
import type { NextOutput } from './read-next-output.js';

/**
 * Making a Next.js build reproducible, as far as Next lets a packager (SPEC §4).
 *
 * Two builds of the same app differ in three ways (measured with Next 16.5, Turbopack, two
 * fresh copies of `fixtures/package/nextjs/basic` at different paths):
 *
 * 1. The build id, a random nanoid, unless the config has `generateBuildId`. It is in
 *    `BUILD_ID`, the manifests, every prerendered `.html`/`.rsc`, and the directory name
 *    `static/<id>/`. Next has no environment variable for it (only `NEXT_DEPLOYMENT_ID`
 *    fixes it, and that also turns on skew protection). svcpack replaces a generated id with
 *    one derived from the build's own content (less the secrets of item 3), of the same
 *    length, everywhere it occurs: the same code gets the same id, other code another id.
 * 2. The absolute project root, in the config that `server.js` embeds and in
 *    `required-server-files.json` (`outputFileTracingRoot`, `repoRoot`, `turbopack.root`,
 *    `appDir`). The production server does not read these; svcpack rewrites them to paths
 *    relative to the app directory, which `server.js` makes the working directory. Any
 *    other file of the output still holding the build path is reported as a warning.
 * 3. Secrets: the preview-mode keys (`prerender-manifest.json`, `server/preview-props.json`)
 *    and the Server Actions key (`server/server-reference-manifest.*`). They are random per
 *    machine and must stay secret, so svcpack leaves them alone. Next keeps them in
 *    `<distDir>/cache` for 14 days, so rebuilding the same checkout gives the same bundle
 *    bytes; a fresh checkout does not, unless `NEXT_SERVER_ACTIONS_ENCRYPTION_KEY` is set and
 *    the cache is restored. That is what remains.
 */

/** Options of {@link stabilizeNextFiles}. */
export interface StabilizeNextFilesOptions {
  /** Absolute project root. */
  root: string;
  /** The service's workspace, project-relative POSIX. */
  workspace: string;
  output: NextOutput;
  /** Whether the build id is Next's random one, which svcpack may replace. */
  replaceBuildId: boolean;
}

/** What {@link stabilizeNextFiles} returns. */
export interface StabilizeNextFilesResult {
  files: FileSet;
  /** The build id the bundle carries. */
  buildId: string;
  /** Bundle paths that still hold the absolute build path, sorted. */
  absolutePathFiles: string[];
}

/** Next's generated ids: nanoid's alphabet and length (`build/generate-build-id.js`). */
const GENERATED_BUILD_ID = /^[A-Za-z0-9_-]{21}$/;

/**
 * Files of the dist dir that hold the random secrets of item 3, left out of the content a
 * build id is derived from: two builds of the same code then differ in these files only.
 */
const SECRET_FILES = [
  'prerender-manifest.json',
  'server/preview-props.json',
  'server/server-reference-manifest.js',
  'server/server-reference-manifest.json',
];

const READ_CONCURRENCY = 16;

/**
 * Returns a copy of `files` with the build id replaced (when allowed) and the absolute
 * build paths rewritten, changed files becoming `content` entries.
 */
export async function stabilizeNextFiles(
  files: FileSet,
  options: StabilizeNextFilesOptions,
): Promise<StabilizeNextFilesResult> {
  const { workspace, output } = options;
  const distPrefix = `${posix.join(workspace, output.distDir)}/`;
  const serverPath = output.serverPath;
  const keys = [...files.keys()].filter(
    (key) =>
      files.get(key)?.kind !== 'symlink' && (key.startsWith(distPrefix) || key === serverPath),
  );
  const originals = new Map(
    await mapLimit(
      keys,
      READ_CONCURRENCY,
      async (key) => [key, await contentOf(files, key)] as const,
    ),
  );

  const buildRoot = output.buildRoot;
  const rewritten = new Set([serverPath, `${distPrefix}required-server-files.json`]);
  const relocated = new Map(
    [...originals].map(([key, content]) => {
      if (buildRoot === null || !rewritten.has(key)) return [key, content] as const;
      const appDir = posix.join(buildRoot, workspace);
      return [
        key,
        Buffer.from(relativizeRoot(content.toString('utf8'), buildRoot, appDir)),
      ] as const;
    }),
  );

  const oldId = output.buildId;
  const secrets = new Set(SECRET_FILES.map((path) => `${distPrefix}${path}`));
  const hashed = [...relocated].filter(([key]) => !secrets.has(key));
  const newId = options.replaceBuildId ? contentBuildId(hashed, oldId) : oldId;
  const result: FileSet = new Map();
  const absolutePathFiles: string[] = [];

  for (const [key, source] of files) {
    const newKey = oldId === newId ? key : renameSegments(key, oldId, newId);
    const content = relocated.get(key);
    if (content === undefined || source.kind === 'symlink') {
      result.set(newKey, source);
      continue;
    }

    const data = oldId === newId ? content : replaceAscii(content, oldId, newId);
    if ([buildRoot, options.root].some((path) => path !== null && data.includes(path))) {
      absolutePathFiles.push(newKey);
    }
    const unchanged = data.equals(originals.get(key) as Buffer);
    result.set(newKey, unchanged ? source : { kind: 'content', data, mode: source.mode });
  }

  return { files: result, buildId: newId, absolutePathFiles: absolutePathFiles.sort() };
}

/**
 * Returns whether `buildId` is the random id Next generates, rather than one the app's
 * `generateBuildId` chose: it has the generated shape and no `next.config.*` of the app
 * mentions `generateBuildId`.
 */
export function isGeneratedBuildId(appDir: string, buildId: string): boolean {
  if (!GENERATED_BUILD_ID.test(buildId)) return false;
  const configs = readdirSync(appDir).filter((name) => /^next\.config\.[cm]?[jt]s$/.test(name));
  return !configs.some((name) =>
    readFileSync(join(appDir, name), 'utf8').includes('generateBuildId'),
  );
}

async function contentOf(files: FileSet, key: string): Promise<Buffer> {
  const source = files.get(key) as FileSource;
  if (source.kind === 'content') return source.data;
  if (source.kind === 'file') return readFile(source.from);
  return Buffer.alloc(0);
}

/**
 * A build id from the build's content with the old id and the secrets taken out: equal
 * code gets equal ids. It keeps the generated shape (21 characters) and, like Next, avoids
 * `ad`, which ad blockers match in asset URLs.
 */
function contentBuildId(contents: readonly (readonly [string, Buffer])[], oldId: string): string {
  const hash = createHash('sha256');
  const entries = contents.map(([key, content]) => [key.split(oldId).join(''), content] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, content] of entries) {
    const text = content.toString('latin1').split(oldId).join('');
    hash.update(`${key}\0`);
    hash.update(createHash('sha256').update(text, 'latin1').digest('hex'));
    hash.update('\n');
  }
  let digest = hash.digest('hex');
  while (/ad/i.test(digest.slice(0, 21)))
    digest = createHash('sha256').update(digest).digest('hex');
  return digest.slice(0, 21);
}

/** Replaces an ASCII string in bytes of any encoding (UTF-8 keeps ASCII bytes as they are). */
function replaceAscii(data: Buffer, from: string, to: string): Buffer {
  if (!data.includes(from)) return data;
  return Buffer.from(data.toString('latin1').split(from).join(to), 'latin1');
}

function renameSegments(key: string, from: string, to: string): string {
  return key
    .split('/')
    .map((segment) => (segment === from ? to : segment))
    .join('/');
}

/**
 * Rewrites the JSON string literals that hold `buildRoot` or a path below it to paths
 * relative to the build-time app directory (`"."` for the app itself).
 */
function relativizeRoot(text: string, buildRoot: string, appDir: string): string {
  const quoted = JSON.stringify(buildRoot).slice(1, -1);
  const pattern = new RegExp(`"${escapeRegExp(quoted)}((?:/[^"\\\\]*)?)"`, 'g');
  return text.replace(pattern, (_match, rest: string) => {
    const relativePath = posix.relative(appDir, posix.join(buildRoot, rest)) || '.';
    return JSON.stringify(relativePath);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
