import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeFrameColumns } from '@babel/code-frame';
import type { Problem } from '@svcpack/detect';
import type { Terminal } from './terminal.js';

/**
 * Formats a problem like a compiler does: `file:line:column severity CODE message`, the
 * source line with a caret under the column, then the hint. `root` is the project root the
 * problem's `file` is relative to.
 */
export function formatProblem(
  item: Problem,
  severity: 'error' | 'warning',
  root: string,
  terminal: Terminal,
): string {
  const where = formatLocation(item);
  const label = terminal.paint(severity === 'error' ? 'red' : 'yellow', `${severity} ${item.code}`);
  const lines = [`${where ? `${terminal.paint('bold', where)} ` : ''}${label} ${item.message}`];
  const frame = item.file && item.line ? readFrame(root, item) : null;
  if (frame) lines.push(indent(frame));
  if (item.expected) lines.push(`  expected: ${item.expected}`);
  if (item.suggestion) lines.push(`  did you mean ${terminal.paint('green', item.suggestion)}?`);
  if (item.hint) lines.push(`  ${terminal.paint('cyan', 'hint:')} ${item.hint}`);
  return `${lines.join('\n')}\n`;
}

/** `file:line:column`, or as much of it as is known. */
export function formatLocation(item: Problem): string {
  if (!item.file) return '';
  if (item.line === null) return item.file;
  return `${item.file}:${item.line}${item.column === null ? '' : `:${item.column}`}`;
}

function readFrame(root: string, item: Problem): string | null {
  let text: string;
  try {
    text = readFileSync(join(root, item.file as string), 'utf8');
  } catch {
    return null;
  }
  const line = item.line as number;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  // A minified or generated file can hold one huge line: show a window around the column.
  const window = cropAround(lines[line - 1] ?? '', item.column);
  lines[line - 1] = window.text;
  for (const near of [line - 2, line]) {
    const other = lines[near];
    if (other !== undefined && other.length > MAX_FRAME_WIDTH) {
      lines[near] = `${other.slice(0, MAX_FRAME_WIDTH)}…`;
    }
  }
  const start = { line, column: window.column };
  return codeFrameColumns(
    lines.join('\n'),
    { start },
    {
      highlightCode: false,
      forceColor: false,
      linesAbove: 1,
      linesBelow: 1,
    },
  );
}

/** The widest source line a code frame shows whole. */
const MAX_FRAME_WIDTH = 160;

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
