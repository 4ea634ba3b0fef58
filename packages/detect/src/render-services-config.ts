import { applyEdits, modify } from 'jsonc-parser';
import type { DiscoveredService } from './discover-services.js';

/**
 * vercel.json with `experimentalServices` set to `services`, as `svcpack detect
 * --write-config` writes it: the rest of the file (other keys, comments, formatting) is
 * kept as it was, through jsonc-parser's edits. `text` is the current file, or `null`
 * when there is none. Each service gets `entrypoint` and `routePrefix`, the fields that
 * reproduce what was detected; reading the written file detects the same services.
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
  const edits = modify(body, ['experimentalServices'], block, {
    formattingOptions: { insertSpaces: true, tabSize: indentOf(body), eol: '\n' },
  });
  const result = applyEdits(body, edits);
  return `${bom}${result.endsWith('\n') ? result : `${result}\n`}`;
}

/** The indent the file already uses (2 when it has none). */
function indentOf(text: string): number {
  const match = /\n( +)"/.exec(text);
  return match ? (match[1] as string).length : 2;
}
