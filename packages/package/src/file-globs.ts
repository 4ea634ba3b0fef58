import { readdir as readdirCallback } from 'node:fs';
import { lstat, readlink, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { Problem } from '@svcpack/detect';
import { problem, SvcpackError } from '@svcpack/detect';
import picomatch from 'picomatch';
import { type GlobOptions, glob } from 'tinyglobby';
import {
  findUnreadableNames,
  mayBeUnreadable,
  type UnreadableName,
  unreadableNameProblems,
} from './file-names.js';
import type { FileSet, Logger, PackContext } from './pack-types.js';

// `includeFiles` / `excludeFiles` of a service, one rule for every runtime:
//
// - Patterns are relative to the service workspace; a leading `/` makes one relative to
//   the project root instead.
// - `includeFiles` is globbed from the workspace with dotfiles matched, directories not
//   expanded (`public` names nothing, `public/**` names its files) and symlinks neither
//   followed nor listed (tinyglobby skips them with `followSymbolicLinks: false`), so `**`
//   never pulls in what a link points at. A pattern whose fixed start goes through a
//   link (`link/*`) names those files explicitly; they ship as plain files.
// - A pattern that reaches above the project root (`../../secret` from `api/`) is refused
//   with `PACKAGE_INCLUDE_OUTSIDE_PROJECT`. A bundle holds project paths only (SPEC §3), so
//   such a file has no path of its own there: dropping its `../` would let it replace a
//   project file of the same name, and the code reading `../../secret` would not find it
//   anywhere in a copied bundle. The user copies the file into the project instead.
// - A pattern that matches no file is the warning `PACKAGE_INCLUDE_MATCHED_NOTHING`, which
//   names the directory it was globbed from and the likely slip (a workspace-prefixed
//   pattern, a bare directory, a file-system path behind the leading `/`).
// - `excludeFiles` is applied last, to traced and included files alike, and matches a file
//   when a pattern matches its project-relative path or its path relative to the
//   workspace. `dir/**` also matches `dir` itself. A pattern starting with `!` takes a
//   file back out of the excludes. Paths are the real ones: in a pnpm layout a package
//   lives at `node_modules/.pnpm/<id>/node_modules/<name>/`, which
//   `**/node_modules/<name>/**` matches in every layout.
// - Default excludes keep secrets and tool state out: `.env` and `.env.*` (but
//   `.env.example`), `.git`, `*.pem`, `*.key`, `id_rsa*`, `.vercel/` at any depth. One is
//   lifted for a file only when an `includeFiles` pattern that matched the file spells the
//   excluded name (`config/.env.production`, `certs/*.pem`), so a broad `**` never ships a
//   secret. `.svcpack/` and the output directory are never packaged.
// - A file or directory an include pattern reaches whose name is not valid UTF-8 is the
//   error `PACKAGE_UNREADABLE_FILE_NAME` (the bundle's manifests are UTF-8 JSON), unless
//   `excludeFiles` or a default exclude keeps it out: `?` in a pattern matches the
//   character Node decodes the bad bytes to, so `caf?.txt` excludes `caf\xe9.txt`.

type GlobFileSystem = NonNullable<GlobOptions['fs']>;

/** What {@link resolveFileGlobs} needs. */
export interface FileGlobsOptions {
  /** Absolute project root. */
  root: string;
  /** Project-relative service workspace (`.` for the root). */
  workspace: string;
  /** The service's name, for the config pointer of a refused pattern. */
  service?: string;
  includeFiles: readonly string[];
  excludeFiles: readonly string[];
  /**
   * Project-relative directories never packaged: the output directory and its staging,
   * with the `<dir>.tmp-*` and `<dir>.old-*` directories an interrupted run may leave.
   */
  neverPackaged?: readonly string[];
}

/** A file named by `includeFiles`. */
export interface IncludedFile {
  /** Bundle-relative POSIX path (= project-relative path). */
  path: string;
  /** Absolute path on disk. */
  from: string;
}

/** Why a file stays out of a bundle. */
export type ExclusionReason = 'default' | 'excludeFiles' | 'output';

/** The resolved include/exclude rules of one service. */
export interface ResolvedFileGlobs {
  /** Files named by `includeFiles`, sorted by path. */
  included: IncludedFile[];
  /** `PACKAGE_INCLUDE_MATCHED_NOTHING` for each pattern that matched no file. */
  warnings: Problem[];
  /** Why `path` (project-relative) stays out of the bundle, or `null` when it may ship. */
  exclusion(path: string): ExclusionReason | null;
  /**
   * For a tracer's ignore hook: whether `path` stays out. Paths the default excludes keep
   * out are remembered and logged by {@link ResolvedFileGlobs.apply}.
   */
  ignore(path: string): boolean;
  /**
   * Removes excluded entries from `files` in place and logs what the default excludes
   * removed. Generated entries (`content`, such as launchers) are svcpack's own and stay.
   */
  apply(files: FileSet, logger?: Logger): void;
}

interface DefaultExclude {
  patterns: string[];
  /** The name an include pattern must spell to lift this rule; `null`: never lifted. */
  token: string | null;
  except?: string[];
}

const DEFAULT_EXCLUDES: readonly DefaultExclude[] = [
  { patterns: ['**/.env', '**/.env.*'], token: '.env', except: ['**/.env.example'] },
  { patterns: ['**/.git', '**/.git/**'], token: '.git' },
  { patterns: ['**/*.pem'], token: '.pem' },
  { patterns: ['**/*.key'], token: '.key' },
  { patterns: ['**/id_rsa*'], token: 'id_rsa' },
  { patterns: ['**/.vercel/**'], token: '.vercel' },
  { patterns: ['**/.svcpack/**'], token: null },
];

const MATCH_OPTIONS = { dot: true } as const;

/** Globs `includeFiles` and compiles `excludeFiles` and the default excludes of a service. */
export async function resolveFileGlobs(options: FileGlobsOptions): Promise<ResolvedFileGlobs> {
  const { workspace } = options;
  const never = (options.neverPackaged ?? []).filter((dir) => !dir.startsWith('..'));
  const defaults = DEFAULT_EXCLUDES.map((rule) => ({
    rule,
    matches: picomatch(rule.patterns, { ...MATCH_OPTIONS, ignore: rule.except ?? [] }),
  }));
  const userExcludes = compileExcludes(options.excludeFiles);
  const { named: namedBy, unmatched, unreadable } = await globIncludes(options);
  const warnings = await Promise.all(unmatched.map((index) => matchedNothing(options, index)));

  const exclusion = (path: string): ExclusionReason | null => {
    if (never.some((dir) => isOutputPath(path, dir))) return 'output';
    const inWorkspace = workspace === '.' ? path : posix.relative(workspace, path);
    if (userExcludes(path) || userExcludes(inWorkspace)) return 'excludeFiles';
    const patterns = namedBy.get(path)?.patterns ?? [];
    const hit = defaults.find(({ rule, matches }) => matches(path) && !isLifted(rule, patterns));
    return hit ? 'default' : null;
  };

  const packagedUnreadable = unreadable.filter((entry) => exclusion(entry.path) === null);
  if (packagedUnreadable.length > 0) {
    const service = { name: options.service ?? '', workspace };
    throw new SvcpackError(unreadableNameProblems(packagedUnreadable, service));
  }

  const included = [...namedBy.values()]
    .map(({ path, from }) => ({ path, from }))
    .filter((file) => exclusion(file.path) === null);

  const keptOut = new Set<string>();

  return {
    included,
    warnings,
    exclusion,
    ignore(path) {
      const reason = exclusion(path);
      if (reason === 'default') keptOut.add(path);
      return reason !== null;
    },
    apply(files, logger) {
      const byDefault = [...keptOut];
      keptOut.clear();
      for (const [path, source] of [...files]) {
        if (source.kind === 'content') continue;
        const reason = exclusion(path);
        if (reason === null) continue;
        files.delete(path);
        if (reason === 'default') byDefault.push(path);
      }
      if (byDefault.length > 0) {
        logger?.debug(
          `default excludes kept out ${[...new Set(byDefault)].sort().join(', ')} (name them in includeFiles to ship them)`,
        );
      }
    },
  };
}

/** Matches `excludeFiles`: any positive pattern, unless a `!` pattern takes the path back. */
function compileExcludes(patterns: readonly string[]): (path: string) => boolean {
  const positive = patterns.filter((p) => !p.startsWith('!')).map(stripRootSlash);
  const negative = patterns.filter((p) => p.startsWith('!')).map((p) => stripRootSlash(p.slice(1)));
  if (positive.length === 0) return () => false;
  const isExcluded = picomatch(positive, MATCH_OPTIONS);
  const isKept = negative.length > 0 ? picomatch(negative, MATCH_OPTIONS) : () => false;
  return (path) => isExcluded(path) && !isKept(path);
}

/**
 * Globs each include pattern and records which patterns named each file. Throws
 * `PACKAGE_INCLUDE_OUTSIDE_PROJECT` for a pattern whose fixed start, or one of whose
 * files, lies above the project root; the fixed start is checked before globbing, so
 * `../../**` never walks the disk outside the project.
 */
async function globIncludes(options: FileGlobsOptions): Promise<{
  named: Map<string, IncludedFile & { patterns: string[] }>;
  unmatched: number[];
  unreadable: UnreadableName[];
}> {
  const { root, workspace } = options;
  const named = new Map<string, IncludedFile & { patterns: string[] }>();
  const unmatched: number[] = [];
  const watch = watchUnreadableNames(root);
  for (const [index, pattern] of options.includeFiles.entries()) {
    const fromRoot = pattern.startsWith('/');
    const cwd = fromRoot ? root : join(root, workspace);
    const relativePattern = fromRoot ? stripRootSlash(pattern) : pattern;
    const base = toProjectPath(root, join(cwd, picomatch.scan(relativePattern).base));
    if (isAboveRoot(base)) throw outsideProject(options, index, base);
    const hits = await glob(relativePattern, {
      cwd,
      dot: true,
      expandDirectories: false,
      followSymbolicLinks: false,
      onlyFiles: true,
      fs: watch.fs,
    });
    if (hits.length === 0) unmatched.push(index);
    for (const hit of hits) {
      const from = join(cwd, hit);
      const path = toProjectPath(root, from);
      if (watch.isUnreadable(path)) continue;
      if (isAboveRoot(path)) throw outsideProject(options, index, path);
      const entry = named.get(path) ?? { path, from, patterns: [] };
      entry.patterns.push(pattern);
      named.set(path, entry);
    }
  }
  const sorted = new Map([...named].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { named: sorted, unmatched, unreadable: watch.reached() };
}

/**
 * A `readdir` for tinyglobby that notes the entries whose names are not UTF-8 (see
 * file-names.ts): a listing holding U+FFFD is read again with Buffer names. Such a file
 * counts as reached when a pattern matched its decoded name; such a directory when the
 * walk tried to enter it (a pattern could match below it).
 */
function watchUnreadableNames(root: string) {
  const found = new Map<string, UnreadableName[]>();
  const entered = new Set<string>();
  const matched = new Set<string>();
  type Callback = (error: NodeJS.ErrnoException | null, entries: unknown[]) => void;
  const readdir = (path: string, options: object, callback: Callback) => {
    readdirCallback(path, options as { withFileTypes: true }, (error, entries) => {
      const dir = toProjectPath(root, resolve(path));
      if (error) {
        if (mayBeUnreadable(dir)) entered.add(dir);
        callback(error, []);
        return;
      }
      const names = entries.map((entry) => entry.name);
      findUnreadableNames(path, dir, names).then(
        (bad) => {
          for (const entry of bad) {
            const known = found.get(entry.path) ?? [];
            if (!known.some((other) => other.bytes.equals(entry.bytes))) known.push(entry);
            found.set(entry.path, known);
          }
          callback(null, entries);
        },
        (failure: NodeJS.ErrnoException) => callback(failure, []),
      );
    });
  };
  return {
    fs: { readdir } as unknown as GlobFileSystem,
    /** Whether a hit is such a file; it is then reached. */
    isUnreadable(path: string): boolean {
      if (!found.has(path)) return false;
      matched.add(path);
      return true;
    },
    /** The entries reached, in path order. */
    reached(): UnreadableName[] {
      return [...found.values()]
        .flat()
        .filter((entry) => (entry.isDirectory ? entered.has(entry.path) : matched.has(entry.path)))
        .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
    },
  };
}

/** The warning for the include pattern at `index`, which matched no file. */
async function matchedNothing(options: FileGlobsOptions, index: number): Promise<Problem> {
  const { root, workspace } = options;
  const pattern = options.includeFiles[index] as string;
  const fromRoot = pattern.startsWith('/');
  const base = fromRoot || workspace === '.' ? 'the project root' : `"${workspace}/"`;
  const service = options.service === undefined ? '' : ` of the service "${options.service}"`;
  const cwd = fromRoot ? root : join(root, workspace);
  const isDirectory = await stat(join(cwd, stripRootSlash(pattern)))
    .then((info) => info.isDirectory())
    .catch(() => false);

  const loop = picomatch.scan(stripRootSlash(pattern)).isGlob
    ? null
    : await symlinkLoop(root, join(cwd, stripRootSlash(pattern)));
  if (loop !== null) {
    const chain = loop.map((link) => toProjectPath(root, link));
    return problem(
      'PACKAGE_INCLUDE_MATCHED_NOTHING',
      `The includeFiles pattern "${pattern}"${service} names a symlink loop (${[...chain, chain[0]].join(' -> ')}), which leads to no file.`,
      {
        value: pattern,
        ...(options.service === undefined
          ? {}
          : { pointer: `/experimentalServices/${options.service}/includeFiles/${index}` }),
        hint: `Point "${chain[0]}" at a real file, or drop the pattern.`,
      },
    );
  }

  let hint = `Patterns are relative to ${base}; a leading "/" makes one relative to the project root. Check the spelling, or drop the pattern.`;
  if (isDirectory) {
    hint = `"${pattern}" is a directory, and patterns name files: write "${pattern.replace(/\/+$/, '')}/**" for everything in it.`;
  } else if (!fromRoot && workspace !== '.' && pattern.startsWith(`${workspace}/`)) {
    hint = `Patterns are relative to ${base}; did you mean "${pattern.slice(workspace.length + 1)}"?`;
  } else if (fromRoot) {
    hint = `A leading "/" makes a pattern relative to the project root, not the file system: a file outside the project is never packaged. Copy it into the project and name it there.`;
  }
  return problem(
    'PACKAGE_INCLUDE_MATCHED_NOTHING',
    `The includeFiles pattern "${pattern}"${service} matches no file in ${base}.`,
    {
      value: pattern,
      ...(options.service === undefined
        ? {}
        : { pointer: `/experimentalServices/${options.service}/includeFiles/${index}` }),
      hint,
    },
  );
}

/**
 * The links of the symlink loop at `path` (absolute), in the order they are followed, or
 * `null` when `path` is no symlink or its chain ends (at a file, a directory or nothing).
 */
async function symlinkLoop(root: string, path: string): Promise<string[] | null> {
  const chain: string[] = [];
  let current = path;
  // The kernel gives up after 40 links (ELOOP); a longer chain is no loop we can name.
  for (let hop = 0; hop < 40; hop++) {
    const info = await lstat(current).catch(() => null);
    if (!info?.isSymbolicLink()) return null;
    const seen = chain.indexOf(current);
    if (seen !== -1) return chain.slice(seen);
    chain.push(current);
    const target = resolve(dirname(current), await readlink(current));
    if (isAboveRoot(toProjectPath(root, target))) return null;
    current = target;
  }
  return null;
}

function outsideProject(options: FileGlobsOptions, index: number, path: string): SvcpackError {
  const pattern = options.includeFiles[index] as string;
  const service = options.service === undefined ? '' : ` of the service "${options.service}"`;
  const name = posix.basename(path);
  const suggested = posix.join(options.workspace, name);
  return SvcpackError.of(
    'PACKAGE_INCLUDE_OUTSIDE_PROJECT',
    `The includeFiles pattern "${pattern}"${service} reaches "${path}", outside the project root; a bundle holds only project paths, so the file would have no place of its own in it.`,
    {
      value: pattern,
      ...(options.service === undefined
        ? {}
        : { pointer: `/experimentalServices/${options.service}/includeFiles/${index}` }),
      expected: 'a pattern inside the project',
      hint: `Copy the file into the project (e.g. to "${suggested}"), read it from there, and name that path in includeFiles ("${posix.relative(options.workspace, suggested)}").`,
    },
  );
}

/** The project-relative POSIX path of an absolute path (`..` segments when above the root). */
function toProjectPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/') || '.';
}

function isAboveRoot(path: string): boolean {
  return path === '..' || path.startsWith('../');
}

/** Inside an output directory, or a staging or set-aside one an interrupted run left. */
function isOutputPath(path: string, dir: string): boolean {
  if (path === dir || path.startsWith(`${dir}/`)) return true;
  return path.startsWith(`${dir}.tmp-`) || path.startsWith(`${dir}.old-`);
}

function isLifted(rule: DefaultExclude, patterns: readonly string[]): boolean {
  const token = rule.token;
  return token !== null && patterns.some((pattern) => pattern.includes(token));
}

function stripRootSlash(pattern: string): string {
  return pattern.replace(/^\/+/, '');
}

/**
 * What the service's `excludeFiles` and the output directories keep out of the files a
 * runtime lists itself (Python sources, the output Next leaves): whether a project path
 * ships. A name among `unreadable` (not UTF-8) that it lets through is
 * `PACKAGE_UNREADABLE_FILE_NAME`, thrown before anything else is done.
 */
export async function ownFilesFilter(
  context: Pick<PackContext, 'root' | 'service' | 'outputDirs'>,
  unreadable: readonly UnreadableName[],
): Promise<(path: string) => boolean> {
  const { root, service } = context;
  const globs = await resolveFileGlobs({
    root,
    workspace: service.workspace,
    service: service.name,
    includeFiles: [],
    excludeFiles: service.excludeFiles,
    neverPackaged: context.outputDirs ?? [],
  });
  const ships = (path: string) => globs.exclusion(path) === null;
  const packaged = unreadable.filter((entry) => ships(entry.path));
  if (packaged.length > 0) throw new SvcpackError(unreadableNameProblems(packaged, service));
  return ships;
}
