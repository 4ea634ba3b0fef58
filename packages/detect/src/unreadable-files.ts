import { problem } from './errors.js';
import type { DetectFileSystem } from './file-system.js';
import { createLineIndex, type Position } from './line-index.js';
import type { Problem } from './types.js';

/**
 * A file detection read for a service and could not use (`manifest`: it does not parse,
 * or parses to the wrong shape), or one line of it that is no requirement (`requirement`).
 */
export interface UnreadableFile {
  kind: 'manifest' | 'requirement';
  /** Project-relative path. */
  file: string;
  /** JSON pointer of a wrongly shaped value (`/dependencies`), else `null`. */
  pointer: string | null;
  /** 1-based, where the parser tells one; else `null`. */
  line: number | null;
  column: number | null;
  /** Why, in the parser's words: its first line, trimmed. */
  reason: string;
  /** The requirement as written (`kind: 'requirement'`), else `null`. */
  text: string | null;
}

/** What the readers of one run could not use, per file system; a file at most once. */
const recorded = new WeakMap<DetectFileSystem, Map<string, UnreadableFile>>();

/**
 * Notes that `failure.file` (or one line of it) was read and could not be used. The
 * readers call it when their parse fails, so a file read by fifty services is noted once,
 * and a run where every file parses does nothing here.
 */
export function recordUnreadable(fs: DetectFileSystem, failure: UnreadableFile): void {
  let files = recorded.get(fs);
  if (!files) {
    files = new Map();
    recorded.set(fs, files);
  }
  const key = `${failure.file}\0${failure.kind === 'requirement' ? failure.line : ''}`;
  if (!files.has(key)) files.set(key, failure);
}

/** The files of `directory` itself (not below it) that the run could not use. */
export function unreadableFilesIn(fs: DetectFileSystem, directory: string): UnreadableFile[] {
  const prefix = directory === '.' ? '' : `${directory}/`;
  return [...(recorded.get(fs)?.values() ?? [])].filter(
    (failure) =>
      failure.file.startsWith(prefix) && !failure.file.slice(prefix.length).includes('/'),
  );
}

/**
 * Every file the run could not use, as warnings (`DETECT_UNREADABLE_MANIFEST`,
 * `DETECT_INVALID_REQUIREMENT`), unsorted; `[]` at the cost of one lookup when all parsed.
 */
export function unreadableProblems(fs: DetectFileSystem): Problem[] {
  const files = recorded.get(fs);
  return files ? [...files.values()].map(toProblem) : [];
}

/** The 1-based position of `offset` in `text`, for a parser that gives an offset only. */
export function positionAt(text: string, offset: number): Position {
  return createLineIndex(text)(Math.max(0, Math.min(offset, text.length)));
}

/** A parser's message cut to its first line (YAML and TOML append a code frame). */
export function parserReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = (message.split('\n')[0] ?? '').trim().replace(/:$/, '');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function toProblem(failure: UnreadableFile): Problem {
  const { file, line, column, pointer, reason } = failure;
  const at = line === null ? '' : column === null ? ` at line ${line}` : ` at ${line}:${column}`;
  const details = { file, line, column, pointer };
  if (failure.kind === 'requirement') {
    return problem(
      'DETECT_INVALID_REQUIREMENT',
      `Requirement "${failure.text}" in "${file}"${at} is not a PEP 508 requirement: ${reason}.`,
      {
        ...details,
        value: failure.text,
        expected: 'a PEP 508 requirement (name, extras, version specifier, markers)',
        hint: `Fix or remove line ${line} of "${file}": pip will refuse it, and detection did not count it as a dependency.`,
      },
    );
  }
  return problem(
    'DETECT_UNREADABLE_MANIFEST',
    `Detection could not use "${file}"${at}: ${reason}.`,
    {
      ...details,
      hint: `Fix "${file}"${pointer === null ? '' : ` at ${pointer}`}: detection ignored ${pointer === null ? 'the file' : 'that value'}, so nothing it declares (dependencies, scripts, workspaces, locked versions) was seen.`,
    },
  );
}
