import { join } from 'node:path';
import {
  detectServices,
  detectToolchains,
  type Evidence,
  type FrameworkExplanation,
  problem,
  type ResolvedService,
  sortProblems,
  type Toolchain,
  type ToolchainCommand,
} from '@svcpack/detect';
import type { CommandOutcome } from '../run-command.js';
import type { Terminal } from '../terminal.js';

/** Width of the labels of a service block (`package manager` and two spaces). */
const LABEL_WIDTH = 17;

/** Flags of `svcpack detect`. */
export interface DetectFlags {
  service: string[];
  explain: boolean;
  /** Write the proposed experimentalServices into vercel.json (the one write of `detect`). */
  writeConfig: boolean;
  /** `--json`: the toolchains are then worked out only for `--explain`. */
  json: boolean;
}

/** `svcpack detect`: resolves every service and prints what it found and why. */
export async function detectCommand(
  root: string,
  flags: DetectFlags,
  terminal: Terminal,
): Promise<CommandOutcome> {
  const detected = await detectServices({
    root,
    services: flags.service,
    inferServices: true,
    explain: flags.explain,
  });
  const explanations = detected.explanations ?? {};
  const services = detected.result?.services ?? [];
  // SPEC §2.1 fixes the shape of a service, so the derived toolchain stays beside it:
  // printed by the human output, and in the JSON only with --explain.
  const derived = !flags.json || flags.explain ? await detectToolchains({ root, services }) : null;
  const toolchains = derived?.toolchains ?? {};
  // A file only the toolchains read (pnpm-workspace.yaml) and could not parse is said too.
  const seen = new Set(detected.warnings.map((item) => `${item.code} ${item.file}`));
  const warnings = sortProblems([
    ...detected.warnings,
    ...(derived?.warnings ?? []).filter((item) => !seen.has(`${item.code} ${item.file}`)),
  ]);
  let written: string | null = null;
  if (flags.writeConfig && detected.inferred && detected.errors.length === 0) {
    // Loaded here: every other `detect` run would pay for Node's fs/promises module.
    const { writeFile } = await import('node:fs/promises');
    const file = detected.inferred.file;
    try {
      await writeFile(join(root, file), detected.inferred.text);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      const hint = `Make ${file} writable (or remove what is in its place), then run \`svcpack detect --write-config\` again.`;
      const failed = problem('CONFIG_WRITE_FAILED', `Could not write ${file}: ${reason}.`, {
        file,
        hint,
      });
      return { result: null, errors: [failed], warnings, render: () => '' };
    }
    written = file;
  }
  return {
    // With --explain the JSON carries the rule-by-rule outcome and the toolchains too,
    // beside `services`.
    result:
      detected.result && flags.explain
        ? { ...detected.result, explanations, toolchains }
        : detected.result,
    errors: detected.errors,
    warnings,
    render: () =>
      renderServices() +
      (written
        ? `\nwrote experimentalServices (${services.length === 1 ? '1 service' : `${services.length} services`}) to ${written}\n`
        : '') +
      (flags.writeConfig && !detected.inferred
        ? '\nvercel.json already declares its services: nothing written.\n'
        : ''),
    // detect is the debugging tool: a failed run still shows what did resolve, then the
    // errors (the JSON keeps SPEC §2.1's failure envelope, with no result).
    renderPartial: () => (services.length > 0 ? `${renderServices()}\n` : ''),
  };

  function renderServices(): string {
    return services
      .map(
        (service) =>
          renderService(service, flags, terminal, toolchains[service.name] ?? null) +
          renderExplanation(explanations[service.name] ?? [], terminal),
      )
      .join('\n');
  }
}

/** Renders one service as an aligned block of `label value` lines. */
export function renderService(
  service: ResolvedService,
  flags: Pick<DetectFlags, 'explain'>,
  terminal: Terminal,
  toolchain: Toolchain | null,
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
    ['memory', service.memory === null ? null : `${service.memory} MB`],
    ['maxDuration', service.maxDuration === null ? null : `${service.maxDuration} s`],
    ['include', service.includeFiles.length ? service.includeFiles.join(', ') : null],
    ['exclude', service.excludeFiles.length ? service.excludeFiles.join(', ') : null],
    ...toolchainRows(service, toolchain, flags),
  ];
  const lines = [headline];
  for (const [label, value] of rows) {
    if (value !== null) lines.push(`  ${label.padEnd(LABEL_WIDTH)}${value}`);
  }
  for (const candidate of service.candidates) {
    lines.push(`  ${'candidate'.padEnd(LABEL_WIDTH)}${candidate.slug} (${candidate.accuracy})`);
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

/**
 * `--explain`: every framework evaluated in the workspace. A framework lists the rules
 * that matched, and, when it was ruled out, the required rules that failed; the
 * alternatives (`some` items) that did not match are counted on one line.
 */
export function renderExplanation(explained: FrameworkExplanation[], terminal: Terminal): string {
  if (explained.length === 0) return '';
  const lines = [`  ${'rules'.padEnd(LABEL_WIDTH)}every framework evaluated, matched first`];
  const mark = (matched: boolean) =>
    matched ? terminal.paint('green', '✓') : terminal.paint('dim', '✗');
  for (const framework of explained) {
    const outcome = framework.supersededBy
      ? `superseded by ${framework.supersededBy}`
      : framework.matched
        ? 'matched'
        : 'no';
    lines.push(`    ${mark(framework.matched)} ${framework.slug} (${outcome})`);
    const failedRequired = framework.rules.filter(
      (rule) => !rule.matched && rule.detail.endsWith('(required)'),
    );
    const shown = framework.rules.filter(
      (rule) => rule.matched || (!framework.matched && failedRequired.includes(rule)),
    );
    for (const rule of shown) lines.push(`        ${mark(rule.matched)} ${describeRule(rule)}`);
    const alternatives = framework.rules.filter(
      (rule) => !rule.matched && rule.detail.endsWith('(one of the alternatives)'),
    );
    if (alternatives.length > 0 && failedRequired.length === 0) {
      // Two alternatives may look into one file (two regexes over package.json): name it once.
      const files = [...new Set(alternatives.map((rule) => rule.file ?? rule.rule))];
      const names = files.slice(0, 3);
      const more = files.length > 3 ? `, … ${files.length} in all` : '';
      const lead = framework.matched ? 'also tried' : 'none matched of';
      lines.push(`        ${mark(false)} ${lead} ${names.join(', ')}${more}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeRule(rule: Evidence): string {
  const where = rule.file ? ` ${rule.file}${rule.line ? `:${rule.line}` : ''}` : '';
  return `${rule.rule}${where}  ${rule.detail}`;
}

/**
 * The package manager, workspace root, install and build lines: `pnpm (pnpm-lock.yaml,
 * rule lockfile)`, `pnpm install --frozen-lockfile (in ., pnpm-lock.yaml, rule lockfile)`.
 * With `--explain` the manager's line is followed by why its rule fired.
 */
function toolchainRows(
  service: ResolvedService,
  toolchain: Toolchain | null,
  flags: Pick<DetectFlags, 'explain'>,
): [string, string | null][] {
  if (toolchain === null) {
    return [
      ['build', service.buildCommand],
      ['install', service.installCommand],
    ];
  }
  const { packageManager: manager, workspaceRoot: root } = toolchain;
  const rows: [string, string | null][] = [];
  if (manager) {
    const version = manager.version ? ` ${manager.version}` : '';
    const where = manager.source ? `${at(manager.source, manager.line)}, ` : '';
    rows.push(['package manager', `${manager.name}${version} (${where}rule ${manager.rule})`]);
    if (flags.explain) rows.push(['', `  ${manager.detail}`]);
  }
  if (root) {
    const role = root.member ? `member ${root.package ?? service.workspace}` : 'the root itself';
    rows.push(['workspace root', `${root.directory} (${at(root.source, root.line)}, ${role})`]);
  }
  rows.push(['install', describeCommand(toolchain.install)]);
  rows.push(['build', describeCommand(toolchain.build)]);
  return rows;
}

function describeCommand(command: ToolchainCommand | null): string {
  if (command === null) return 'none';
  const source = command.source ? `, ${at(command.source, command.line)}` : '';
  return `${command.command} (in ${command.cwd}${source}, rule ${command.rule})`;
}

function at(file: string, line: number | null): string {
  return line === null ? file : `${file}:${line}`;
}
