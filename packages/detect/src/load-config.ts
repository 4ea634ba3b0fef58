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
    const directory = await firstDirectory(fs, toml === null ? CONFIG_FILES : ['vercel.json']);
    if (directory !== null) return { document: null, problem: notAFile(directory) };
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

/** The first of `files` that is a directory, or `null`. */
async function firstDirectory(
  fs: DetectFileSystem,
  files: readonly string[],
): Promise<string | null> {
  for (const file of files) if ((await fs.kind(file)) === 'directory') return file;
  return null;
}

/**
 * A directory where the config file belongs: read as "no config", detection would guess
 * services and `--write-config` would fail to write over it.
 */
function notAFile(file: string): Problem {
  return problem('CONFIG_NOT_A_FILE', `"${file}" in the project root is a directory, not a file.`, {
    hint: `Move or rename the directory "${file}" (nothing in it is read as config), then create ${file} as a file${file === 'vercel.json' ? ': { "experimentalServices": { … } }' : ''}.`,
    file,
    expected: 'a file',
  });
}
