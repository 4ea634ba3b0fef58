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
  const start = { line: item.line as number, column: item.column ?? undefined };
  return codeFrameColumns(
    text.replace(/^\uFEFF/, ''),
    { start },
    {
      highlightCode: false,
      forceColor: false,
      linesAbove: 1,
      linesBelow: 1,
    },
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
