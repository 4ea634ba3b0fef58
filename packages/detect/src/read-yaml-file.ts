import type { DetectFileSystem } from './file-system.js';
import { isRecord } from './plain-values.js';

/** Parsed YAML files, per file system (one per run) and path. */
const yamlCache = new WeakMap<
  DetectFileSystem,
  Map<string, Promise<Record<string, unknown> | null>>
>();

/**
 * A YAML file parsed once per run (`null` when it is missing or does not parse); the
 * `yaml` package loads only when one is read.
 */
export function readYamlFile(
  fs: DetectFileSystem,
  file: string,
): Promise<Record<string, unknown> | null> {
  let cache = yamlCache.get(fs);
  if (!cache) {
    cache = new Map();
    yamlCache.set(fs, cache);
  }
  let hit = cache.get(file);
  if (!hit) {
    hit = fs.readFile(file).then(async (text) => {
      const parsed = text === null ? null : await parseYamlQuietly(text);
      return isRecord(parsed) ? parsed : null;
    });
    cache.set(file, hit);
  }
  return hit;
}

async function parseYamlQuietly(text: string): Promise<unknown> {
  const { parse } = await import('yaml');
  try {
    return parse(text);
  } catch {
    return null;
  }
}
