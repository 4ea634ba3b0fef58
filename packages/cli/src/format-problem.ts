import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BabelCodeFrameOptions, codeFrameColumns } from '@babel/code-frame';
import type { Problem } from '@svcpack/detect';
import type { Terminal } from './terminal.js';

/** Formats one problem of a run; made by {@link createProblemFormatter}. */
export type ProblemFormatter = (item: Problem, severity: 'error' | 'warning') => string;

/** Reads a project file's text; `null` when it cannot be read. */
export type ReadSource = (path: string) => string | null;

/** The part of a source file a code frame shows: at most three lines, each cropped. */
export interface FrameWindow {
  /** The lines, joined by `\n`. */
  text: string;
  /** The file's line number of the first line of `text` (1-based). */
  startLine: number;
  /** The caret's column in the cropped problem line (1-based), if known. */
  column: number | undefined;
}

/** The lines a code frame shows above and below the problem's line. */
const CONTEXT_LINES = 1;

/** The widest source line a code frame shows whole. */
const MAX_FRAME_WIDTH = 160;

/**
 * Makes the formatter of one run. Each file is read and split into lines once, however
 * many problems point into it: a config with 10,000 mistakes is read once, not 10,000
 * times, and each problem costs only its few lines of frame. `root` is the project root
 * the problems' `file` is relative to.
 */
export function createProblemFormatter(
  root: string,
  terminal: Terminal,
  read: ReadSource = readSource,
): ProblemFormatter {
  const sources = new Map<string, string[] | null>();
  const linesOf = (file: string): string[] | null => {
    let lines = sources.get(file);
    if (lines === undefined) {
      const text = read(join(root, file));
      lines = text === null ? null : text.replace(/^\uFEFF/, '').split('\n');
      sources.set(file, lines);
    }
    return lines;
  };
  return (item, severity) => formatProblem(item, severity, terminal, linesOf);
}

/** `file:line:column`, or as much of it as is known. */
export function formatLocation(item: Problem): string {
  if (!item.file) return '';
  if (item.line === null) return item.file;
  return `${item.file}:${item.line}${item.column === null ? '' : `:${item.column}`}`;
}

/**
 * The lines around `line` (1-based) that a frame shows, each cut to
 * {@link MAX_FRAME_WIDTH} columns (a minified file can hold one huge line); `null` when
 * the file has no such line. Its work is bounded by the window, not by the file.
 */
export function frameWindow(
  lines: readonly string[],
  line: number,
  column: number | null,
): FrameWindow | null {
  const target = lines[line - 1];
  if (target === undefined || line < 1) return null;
  const startLine = Math.max(1, line - CONTEXT_LINES);
  const endLine = Math.min(lines.length, line + CONTEXT_LINES);
  const shown: string[] = [];
  let caret: number | undefined = column ?? undefined;
  for (let number = startLine; number <= endLine; number++) {
    const text = (lines[number - 1] ?? '').replace(/\r$/, '');
    if (number === line) {
      const cropped = cropAround(text, column);
      shown.push(cropped.text);
      caret = cropped.column;
    } else {
      shown.push(text.length > MAX_FRAME_WIDTH ? `${text.slice(0, MAX_FRAME_WIDTH)}…` : text);
    }
  }
  return { text: shown.join('\n'), startLine, column: caret };
}

/**
 * Formats a problem like a compiler does: `file:line:column severity CODE message`, the
 * source line with a caret under the column, then the hint.
 */
function formatProblem(
  item: Problem,
  severity: 'error' | 'warning',
  terminal: Terminal,
  linesOf: (file: string) => string[] | null,
): string {
  const where = formatLocation(item);
  const label = terminal.paint(severity === 'error' ? 'red' : 'yellow', `${severity} ${item.code}`);
  const lines = [`${where ? `${terminal.paint('bold', where)} ` : ''}${label} ${item.message}`];
  const source = item.file && item.line ? linesOf(item.file) : null;
  const frame = source && item.line ? renderFrame(source, item.line, item.column) : null;
  if (frame) lines.push(indent(frame));
  if (item.expected) lines.push(`  expected: ${item.expected}`);
  // A hint that already asks `Did you mean "api"?` says it: the line would repeat it.
  if (item.suggestion && !item.hint?.includes(`Did you mean "${item.suggestion}"`)) {
    lines.push(`  did you mean ${terminal.paint('green', item.suggestion)}?`);
  }
  if (item.hint) lines.push(`  ${terminal.paint('cyan', 'hint:')} ${item.hint}`);
  return `${lines.join('\n')}\n`;
}

function renderFrame(lines: readonly string[], line: number, column: number | null) {
  const window = frameWindow(lines, line, column);
  if (window === null) return null;
  // `startLine` (@babel/code-frame 7.29) numbers the gutter from the window's first line,
  // so only the window is handed over, never the whole file.
  const options: BabelCodeFrameOptions & { startLine: number } = {
    highlightCode: false,
    forceColor: false,
    linesAbove: CONTEXT_LINES,
    linesBelow: CONTEXT_LINES,
    startLine: window.startLine,
  };
  return codeFrameColumns(window.text, { start: { line, column: window.column } }, options);
}

function readSource(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Cuts `text` to at most {@link MAX_FRAME_WIDTH} columns around `column` (1-based). */
function cropAround(
  text: string,
  column: number | null,
): { text: string; column: number | undefined } {
  if (text.length <= MAX_FRAME_WIDTH) return { text, column: column ?? undefined };
  const at = Math.max(1, column ?? 1);
  const from = Math.max(0, Math.min(at - 1 - MAX_FRAME_WIDTH / 2, text.length - MAX_FRAME_WIDTH));
  const head = from > 0 ? '…' : '';
  const tail = from + MAX_FRAME_WIDTH < text.length ? '…' : '';
  return {
    text: `${head}${text.slice(from, from + MAX_FRAME_WIDTH)}${tail}`,
    column: at - from + head.length,
  };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
