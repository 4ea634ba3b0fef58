import { isUtf8 } from 'node:buffer';
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { posix } from 'node:path';
import type { Problem } from '@svcpack/detect';
import { problem } from '@svcpack/detect';

// Node decodes file names as UTF-8 and replaces bytes that are not UTF-8 with U+FFFD, so
// `caf\xe9.txt` comes back as `caf\uFFFD.txt`, a path that names nothing on disk (lstat:
// ENOENT). Listings stay strings on the happy path; only a listing holding U+FFFD is read a
// second time with Buffer names, which tells a real U+FFFD (valid UTF-8) from a bad byte.

/** An entry of a directory whose name is not valid UTF-8. */
export interface UnreadableName {
  /** Project-relative POSIX path as Node decodes it (bad bytes as U+FFFD). */
  path: string;
  /** The name's bytes. */
  bytes: Buffer;
  isDirectory: boolean;
}

/** What {@link readdirChecked} lists. */
export interface CheckedListing {
  /** The names that are valid UTF-8, as strings. */
  names: string[];
  /** The entries whose names are not. */
  unreadable: UnreadableName[];
}

/** The replacement character Node decodes a bad byte sequence to. */
const REPLACEMENT = '\uFFFD';

/**
 * Lists `dir` (absolute), with `key` its project-relative path, keeping names that are not
 * valid UTF-8 apart. A directory that cannot be read lists nothing.
 */
export async function readdirChecked(dir: string, key: string): Promise<CheckedListing> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (!names.some((name) => name.includes(REPLACEMENT))) return { names, unreadable: [] };
  const raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
  const unreadable = raw.filter((entry) => !isUtf8(entry.name)).map((entry) => named(entry, key));
  const bad = new Set(unreadable.map((entry) => posix.basename(entry.path)));
  return { names: names.filter((name) => !bad.has(name)), unreadable };
}

/**
 * The entries of an already-listed directory whose names are not UTF-8, read again with
 * Buffer names; `[]` without reading when no name holds U+FFFD.
 */
export async function findUnreadableNames(
  dir: string,
  key: string,
  names: readonly string[],
): Promise<UnreadableName[]> {
  if (!names.some((name) => name.includes(REPLACEMENT))) return [];
  const raw = await readdir(dir, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
  return raw.filter((entry) => !isUtf8(entry.name)).map((entry) => named(entry, key));
}

/** Whether a decoded name may stand for bytes that are not UTF-8. */
export function mayBeUnreadable(name: string): boolean {
  return name.includes(REPLACEMENT);
}

/**
 * `PACKAGE_UNREADABLE_FILE_NAME` for entries that would be packaged: one problem for each,
 * naming its directory and the name with the bad bytes escaped (`caf\xe9.txt`).
 */
export function unreadableNameProblems(
  entries: readonly UnreadableName[],
  service: { name: string; workspace: string },
): Problem[] {
  return entries.map((entry) => {
    const dir = posix.dirname(entry.path);
    const shown = escapeName(entry.bytes);
    const where = dir === '.' ? 'the project root' : `"${dir}/"`;
    const kind = entry.isDirectory ? 'directory' : 'file';
    const inWorkspace =
      service.workspace === '.' ? entry.path : posix.relative(service.workspace, entry.path);
    const pattern = `${inWorkspace.replaceAll(REPLACEMENT, '?')}${entry.isDirectory ? '/**' : ''}`;
    return problem(
      'PACKAGE_UNREADABLE_FILE_NAME',
      `The ${kind} name "${shown}" in ${where} of the service "${service.name}" is not valid UTF-8, so it cannot be packaged: the bundle's manifest and routes.json are UTF-8 JSON, which cannot hold that name.`,
      {
        file: dir,
        value: shown,
        expected: 'a UTF-8 file name',
        hint: `Rename it (mv $'${posix.join(dir, shown)}' <new name>), or leave it out of the bundle with "excludeFiles": ["${pattern}"].`,
      },
    );
  });
}

/** The name with each byte that is not part of a UTF-8 character written as `\xNN`. */
export function escapeName(bytes: Buffer): string {
  let shown = '';
  let index = 0;
  while (index < bytes.length) {
    const size = sequenceLength(bytes[index] as number);
    const sequence = bytes.subarray(index, index + size);
    if (size > 0 && sequence.length === size && isUtf8(sequence)) {
      shown += sequence.toString('utf8');
      index += size;
    } else {
      shown += `\\x${(bytes[index] as number).toString(16).padStart(2, '0')}`;
      index += 1;
    }
  }
  return shown;
}

function named(entry: Dirent<Buffer>, key: string): UnreadableName {
  const name = entry.name.toString('utf8');
  return {
    path: key === '.' ? name : `${key}/${name}`,
    bytes: entry.name,
    isDirectory: entry.isDirectory(),
  };
}

/** How many bytes the UTF-8 sequence starting with `lead` has; 0 for no valid lead byte. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
