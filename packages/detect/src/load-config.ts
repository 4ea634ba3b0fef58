import { checkConfigEncoding } from './check-config-encoding.js';
import type { ConfigDocument } from './config-document.js';
import { problem } from './errors.js';
import type { DetectFileSystem } from './file-system.js';
import { parseJsonDocument } from './parse-json-document.js';
import type { Problem } from './types.js';

/** The config file read, or the one problem that left none. */
export type LoadConfigResult =
  | { document: ConfigDocument; problem: null }
  | { document: null; problem: Problem };

/** The config files, in the order they are looked for (SPEC §1.1). */
const CONFIG_FILES = ['vercel.json', 'vercel.toml'] as const;

/** Reads `vercel.json` at the project root, else `vercel.toml` (SPEC §1.1). */
export async function loadConfig(fs: DetectFileSystem): Promise<LoadConfigResult> {
  const json = await fs.readFile('vercel.json');
  const toml = json === null ? await fs.readFile('vercel.toml') : null;
  if (json === null) {
    // Only when vercel.json is not a readable file: the happy path pays no `stat`.
    const blocked = await firstUnreadable(fs, toml === null ? CONFIG_FILES : ['vercel.json']);
    if (blocked !== null) return { document: null, problem: notAFile(blocked.file, blocked.kind) };
  }
  if (json === null && toml === null) {
    const missing = problem(
      'CONFIG_NOT_FOUND',
      'No vercel.json or vercel.toml in the project root.',
      {
        hint: 'Create vercel.json with an "experimentalServices" map, e.g. { "experimentalServices": { "web": { "entrypoint": "apps/web", "routePrefix": "/" } } }.',
        expected: 'vercel.json or vercel.toml',
      },
    );
    return { document: null, problem: missing };
  }

  const file = json === null ? 'vercel.toml' : 'vercel.json';
  const text = (json ?? toml) as string;
  const badEncoding = checkConfigEncoding(file, text);
  if (badEncoding !== null) return { document: null, problem: badEncoding };

  // Loaded only for a vercel.toml: its positions come from a TOML syntax tree (~65 kB of
  // parser) that a vercel.json never needs.
  const parsed =
    json === null
      ? (await import('./parse-toml-document.js')).parseTomlDocument(file, text)
      : parseJsonDocument(file, text);
  return 'locate' in parsed
    ? { document: parsed, problem: null }
    : { document: null, problem: parsed };
}

/**
 * The first of `files` that is there but gives no text: a directory, or a name the root
 * lists that is neither file nor directory (a symbolic link to nothing, a socket, a file
 * svcpack may not read). Read as "no config", detection would guess services and
 * `--write-config` would fail to write over it.
 */
async function firstUnreadable(
  fs: DetectFileSystem,
  files: readonly string[],
): Promise<{ file: string; kind: 'directory' | 'other' } | null> {
  for (const file of files) {
    const kind = await fs.kind(file);
    if (kind === 'directory') return { file, kind };
    // A file whose text could not be read (no permission), or a name that is no file.
    if (kind === 'file') return { file, kind: 'other' };
    if (kind === null && (await fs.readdir('.')).includes(file)) return { file, kind: 'other' };
  }
  return null;
}

function notAFile(file: string, kind: 'directory' | 'other'): Problem {
  const what =
    kind === 'directory'
      ? 'a directory, not a file'
      : 'not a file svcpack can read (a symbolic link to nothing, a special file, or no read permission)';
  const example = file === 'vercel.json' ? ': { "experimentalServices": { … } }' : '';
  const hint =
    kind === 'directory'
      ? `Move or rename the directory "${file}" (nothing in it is read as config), then create ${file} as a file${example}.`
      : `Replace "${file}" with a file svcpack can read${example}; a symbolic link must point at an existing file.`;
  return problem('CONFIG_NOT_A_FILE', `"${file}" in the project root is ${what}.`, {
    hint,
    file,
    expected: 'a file',
  });
}
