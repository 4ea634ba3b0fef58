import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { DiscoveredService } from './discover-services.js';

/**
 * vercel.json with `experimentalServices` set to `services`, as `svcpack detect
 * --write-config` writes it. Only that block is written: every byte of the rest of the
 * file (other keys, their compact or expanded layout) stays as it was. `text` is the
 * current file, or `null` when there is none. Each service gets `entrypoint` and
 * `routePrefix`, the fields that reproduce what was detected; reading the written file
 * detects the same services.
 */
export function renderServicesConfig(
  text: string | null,
  services: readonly DiscoveredService[],
): string {
  const block = Object.fromEntries(
    services.map((service) => [
      service.name,
      { entrypoint: service.entrypoint, routePrefix: service.routePrefix },
    ]),
  );
  const base = text === null || text.trim() === '' ? '{}\n' : text;
  const bom = base.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const body = bom ? base.slice(1) : base;
  const result = insertBlock(body, block);
  return `${bom}${result.endsWith('\n') ? result : `${result}\n`}`;
}

/**
 * `body` with the root's `experimentalServices` replaced, or added after its last key.
 * jsonc-parser's `modify` with formatting options re-formats the property before the
 * insertion too (a compact `"regions": ["iad1"]` came out over three lines), so the edit
 * is placed by hand at the nodes jsonc-parser finds.
 */
function insertBlock(body: string, block: Record<string, unknown>): string {
  const root = parseTree(body);
  // detect only proposes a config for a file that parsed as an object; anything else
  // is replaced whole, as there is nothing to keep.
  if (root?.type !== 'object') return `${render(block, '', unitOf(body))}\n`;
  const unit = unitOf(body);
  const existing = findNodeAtLocation(root, ['experimentalServices']);
  if (existing) {
    const indent = lineIndent(body, existing.parent?.offset ?? existing.offset);
    return splice(body, existing.offset, existing.length, render(block, indent, unit));
  }

  const last = root.children?.[root.children.length - 1];
  const close = root.offset + root.length - 1;
  if (last === undefined) {
    const inside = `\n${unit}"experimentalServices": ${render(block, unit, unit)}\n`;
    return splice(body, root.offset + 1, close - root.offset - 1, inside);
  }
  const end = last.offset + last.length;
  const indent = lineIndent(body, last.offset);
  // A root written on one line (`{ "regions": ["iad1"] }`) gets the block on lines of its
  // own, the closing brace after it.
  const sameLine = !body.slice(end, close).includes('\n');
  const own = sameLine ? unit : indent;
  const entry = `,\n${own}"experimentalServices": ${render(block, own, unit)}`;
  return splice(body, end, 0, sameLine ? `${entry}\n` : entry);
}

/** `value` as indented JSON whose lines after the first start with `indent`. */
function render(value: unknown, indent: string, unit: string): string {
  return JSON.stringify(value, null, unit).replaceAll('\n', `\n${indent}`);
}

function splice(text: string, offset: number, length: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset + length);
}

/** The whitespace the line holding `offset` starts with. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** One level of the indent the file already uses (two spaces when it has none). */
function unitOf(text: string): string {
  const match = /\n([ \t]+)"/.exec(text);
  return match ? (match[1] as string) : '  ';
}
