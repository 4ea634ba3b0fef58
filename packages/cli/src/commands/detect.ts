import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detectServices, type ResolvedService } from '@svcpack/detect';
import type { CommandOutcome } from '../run-command.js';
import type { Terminal } from '../terminal.js';

/** Flags of `svcpack detect`. */
export interface DetectFlags {
  service: string[];
  explain: boolean;
  /** Write the proposed experimentalServices into vercel.json (the one write of `detect`). */
  writeConfig: boolean;
}

/** `svcpack detect`: resolves every service and prints what it found and why. */
export async function detectCommand(
  root: string,
  flags: DetectFlags,
  terminal: Terminal,
): Promise<CommandOutcome> {
  const detected = await detectServices({ root, services: flags.service, inferServices: true });
  const services = detected.result?.services ?? [];
  let written: string | null = null;
  if (flags.writeConfig && detected.inferred && detected.errors.length === 0) {
    await writeFile(join(root, detected.inferred.file), detected.inferred.text);
    written = detected.inferred.file;
  }
  return {
    result: detected.result,
    errors: detected.errors,
    warnings: detected.warnings,
    render: () =>
      services.map((service) => renderService(service, flags, terminal)).join('\n') +
      (written
        ? `\nwrote experimentalServices (${services.length} services) to ${written}\n`
        : '') +
      (flags.writeConfig && !detected.inferred
        ? '\nvercel.json already declares its services: nothing written.\n'
        : ''),
  };
}

/** Renders one service as an aligned block of `label value` lines. */
export function renderService(
  service: ResolvedService,
  flags: Pick<DetectFlags, 'explain'>,
  terminal: Terminal,
): string {
  const framework = service.framework;
  const headline = [
    terminal.paint('bold', service.name),
    service.type,
    service.runtime ?? 'no runtime',
    framework
      ? `${framework.slug}${framework.library ? ` (${framework.library})` : ''}${
          framework.version ? ` ${framework.version} from ${framework.versionSource}` : ''
        }`
      : 'no framework',
  ].join('  ');
  const rows: [string, string | null][] = [
    ['workspace', service.workspace],
    ['entrypoint', service.entrypoint + (service.handler ? ` (handler ${service.handler})` : '')],
    [
      'route',
      service.routePrefix === null
        ? null
        : `${service.routePrefix}${service.stripPrefix ? ' (prefix stripped)' : ''}`,
    ],
    ['packages', service.packageManager ? describeManager(service) : null],
    ['memory', service.memory === null ? null : `${service.memory} MB`],
    ['maxDuration', service.maxDuration === null ? null : `${service.maxDuration} s`],
    ['include', service.includeFiles.length ? service.includeFiles.join(', ') : null],
    ['exclude', service.excludeFiles.length ? service.excludeFiles.join(', ') : null],
    ['build', service.buildCommand],
    ['install', service.installCommand],
  ];
  const lines = [headline];
  for (const [label, value] of rows) {
    if (value !== null) lines.push(`  ${label.padEnd(12)}${value}`);
  }
  for (const candidate of service.candidates) {
    lines.push(`  ${'candidate'.padEnd(12)}${candidate.slug} (${candidate.accuracy})`);
    const evidence = flags.explain
      ? candidate.evidence
      : candidate.evidence.filter((item) => item.matched);
    for (const item of evidence) {
      const where = item.file ? `${item.file}${item.line ? `:${item.line}` : ''}` : '';
      const mark = item.matched ? terminal.paint('green', '✓') : terminal.paint('dim', '✗');
      lines.push(`    ${mark} ${item.rule}${where ? ` ${where}` : ''}  ${item.detail}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeManager(service: ResolvedService): string {
  const manager = service.packageManager;
  return manager ? `${manager.name} (${manager.source})` : '';
}
