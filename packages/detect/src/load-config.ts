import type { ConfigDocument } from './config-document.js';
import { problem } from './errors.js';
import type { DetectFileSystem } from './file-system.js';
import { parseJsonDocument } from './parse-json-document.js';
import type { Problem } from './types.js';

/** The config file read, or the one problem that left none. */
export type LoadConfigResult =
  | { document: ConfigDocument; problem: null }
  | { document: null; problem: Problem };

/** Reads `vercel.json` at the project root, else `vercel.toml` (SPEC §1.1). */
export async function loadConfig(fs: DetectFileSystem): Promise<LoadConfigResult> {
  const json = await fs.readFile('vercel.json');
  const toml = json === null ? await fs.readFile('vercel.toml') : null;
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

  // Loaded only for a vercel.toml: its positions come from a TOML syntax tree (~65 kB of
  // parser) that a vercel.json never needs.
  const parsed =
    json === null
      ? (await import('./parse-toml-document.js')).parseTomlDocument('vercel.toml', toml as string)
      : parseJsonDocument('vercel.json', json);
  return 'locate' in parsed
    ? { document: parsed, problem: null }
    : { document: null, problem: parsed };
}
