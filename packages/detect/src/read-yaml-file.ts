import type { DetectFileSystem } from './file-system.js';
import { isRecord } from './plain-values.js';
import { runMemo } from './run-memo.js';

/** Parsed YAML files, per file system (one per run) and path. */
const parsedYaml = runMemo(async (fs, file): Promise<Record<string, unknown> | null> => {
  const text = await fs.readFile(file);
  const parsed = text === null ? null : await parseYamlQuietly(text);
  return isRecord(parsed) ? parsed : null;
});

/**
 * A YAML file parsed once per run (`null` when it is missing or does not parse); the
 * `yaml` package loads only when one is read.
 */
export function readYamlFile(
  fs: DetectFileSystem,
  file: string,
): Promise<Record<string, unknown> | null> {
  return parsedYaml(fs, file);
}

async function parseYamlQuietly(text: string): Promise<unknown> {
  const { parse } = await import('yaml');
  try {
    return parse(text);
  } catch {
    return null;
  }
}
