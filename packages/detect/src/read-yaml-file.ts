import type { DetectFileSystem } from './file-system.js';
import { isRecord } from './plain-values.js';
import { runMemo } from './run-memo.js';
import { parserReason, recordUnreadable } from './unreadable-files.js';

/** Parsed YAML files, per file system (one per run) and path. */
const parsedYaml = runMemo(async (fs, file): Promise<Record<string, unknown> | null> => {
  const text = await fs.readFile(file);
  return text === null ? null : parseYaml(fs, file, text);
});

/**
 * A YAML file parsed once per run (`null` when it is missing, empty or does not parse);
 * the `yaml` package loads only when one is read. One that does not parse, or holds a
 * list or a scalar where detection reads a mapping (pnpm-workspace.yaml, pnpm-lock.yaml,
 * Berry's yarn.lock), is recorded for the run's `DETECT_UNREADABLE_MANIFEST` warnings.
 */
export function readYamlFile(
  fs: DetectFileSystem,
  file: string,
): Promise<Record<string, unknown> | null> {
  return parsedYaml(fs, file);
}

async function parseYaml(
  fs: DetectFileSystem,
  file: string,
  text: string,
): Promise<Record<string, unknown> | null> {
  const { parse, YAMLParseError } = await import('yaml');
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    const at = error instanceof YAMLParseError ? error.linePos?.[0] : undefined;
    const reason = parserReason(error).replace(/ at line \d+, column \d+$/, '');
    recordUnreadable(fs, {
      kind: 'manifest',
      file,
      pointer: null,
      line: at?.line ?? null,
      column: at?.col ?? null,
      reason,
      text: null,
    });
    return null;
  }
  // An empty file (or one of comments only) is no mapping, but says nothing wrong either.
  if (value === null || value === undefined) return null;
  if (isRecord(value)) return value;
  const kind = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
  recordUnreadable(fs, {
    kind: 'manifest',
    file,
    pointer: null,
    line: 1,
    column: 1,
    reason: `the file is ${kind}, not a mapping`,
    text: null,
  });
  return null;
}
