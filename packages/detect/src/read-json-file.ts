import { type ParseError, parse as parseJsonc } from 'jsonc-parser';
import type { DetectFileSystem } from './file-system.js';
import { isRecord } from './plain-values.js';
import { runMemo } from './run-memo.js';
import { parserReason, positionAt, recordUnreadable } from './unreadable-files.js';

/** package.json fields detection reads as objects of names (dependencies, scripts). */
const OBJECT_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'scripts',
] as const;

/** Parsed files per file system: a monorepo's lockfile is read once per run, not per service. */
const parsed = runMemo((fs, file) => fs.readFile(file).then((text) => parse(fs, file, text)));

/**
 * Reads and parses a JSON file (a leading byte-order mark allowed); `null` when it is
 * missing or not valid JSON. A file that does not parse, is no object, or (package.json)
 * holds a dependency map or `scripts` that is no object, is recorded for the run's
 * `DETECT_UNREADABLE_MANIFEST` warnings. The value is shared between callers and must
 * not be changed.
 */
export function readJsonFile(fs: DetectFileSystem, file: string): Promise<unknown> {
  return parsed(fs, file);
}

function parse(fs: DetectFileSystem, file: string, text: string | null): unknown {
  if (text === null) return null;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const { line, column } = positionAt(source, syntaxErrorOffset(source, error));
    // V8 quotes the text it stopped in, line breaks and all: kept on one line.
    const reason = parserReason(
      String(error)
        .replace(/^SyntaxError: /, '')
        .replace(/\n/g, '\\n'),
    );
    recordUnreadable(fs, manifest(file, null, line, column, reason));
    return null;
  }
  if (!isRecord(value)) {
    recordUnreadable(fs, manifest(file, null, 1, 1, `the file is ${kindOf(value)}, not an object`));
  } else if (file === 'package.json' || file.endsWith('/package.json')) {
    checkFields(fs, file, source, value);
  }
  return value;
}

function checkFields(
  fs: DetectFileSystem,
  file: string,
  source: string,
  value: Record<string, unknown>,
): void {
  for (const field of OBJECT_FIELDS) {
    if (!(field in value) || isRecord(value[field])) continue;
    // Only on this failure path: the key's place, for the warning.
    const { line, column } = positionAt(source, Math.max(source.indexOf(`"${field}"`), 0));
    const reason = `"${field}" is ${kindOf(value[field])}, not an object of names`;
    recordUnreadable(fs, manifest(file, `/${field}`, line, column, reason));
  }
}

/**
 * Where `JSON.parse` stopped: V8 names the offset (`… in JSON at position 45`) or the
 * end (`Unexpected end of JSON input`); for an unexpected token it names neither, and
 * jsonc-parser, strict, finds the place (only on this failure path).
 */
function syntaxErrorOffset(source: string, error: unknown): number {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/end of JSON input/.test(message)) return source.length;
  const errors: ParseError[] = [];
  parseJsonc(source, errors, { allowTrailingComma: false, disallowComments: true });
  return errors[0]?.offset ?? 0;
}

function manifest(
  file: string,
  pointer: string | null,
  line: number,
  column: number,
  reason: string,
) {
  return { kind: 'manifest' as const, file, pointer, line, column, reason, text: null };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
