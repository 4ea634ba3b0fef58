import type { DetectFileSystem } from './file-system.js';

/**
 * Reads and parses a JSON file (a leading byte-order mark allowed); `null` when it is
 * missing or not valid JSON. For files detect only peeks into (package.json `main`,
 * lockfiles): their errors are not the user's config errors.
 */
export async function readJsonFile(fs: DetectFileSystem, file: string): Promise<unknown> {
  const text = await fs.readFile(file);
  if (text === null) return null;
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return null;
  }
}
