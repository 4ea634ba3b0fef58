import { relative } from 'node:path';
import { packageServices } from '@svcpack/package';
import type { CommandOutcome } from '../run-command.js';
import type { Terminal } from '../terminal.js';

/** Flags of `svcpack package`. */
export interface PackageFlags {
  out: string | undefined;
  service: string[];
  build: boolean;
}

/** `svcpack package`: packages every service and writes routes.json. */
export async function packageCommand(
  root: string,
  flags: PackageFlags,
  terminal: Terminal,
  signal: AbortSignal,
): Promise<CommandOutcome> {
  const progress = createProgress(terminal);
  const packaged = await packageServices({
    root,
    ...(flags.out === undefined ? {} : { out: flags.out }),
    services: flags.service,
    build: flags.build,
    signal,
    onProgress: progress,
    logger: {
      debug: (message) => terminal.debug('package', message),
      info: (message) => terminal.debug('package', message),
      warn: (message) => terminal.debug('package', message),
    },
  });
  const { warnings, ...result } = packaged;
  return {
    result,
    errors: [],
    warnings,
    render() {
      const near = relative(process.cwd(), result.out);
      const shown = near === '' ? '.' : near.startsWith('..') ? result.out : near;
      const lines = result.services.map(
        (service) =>
          `  ${service.name.padEnd(16)}${shown}/${service.dir}/bundle  ` +
          `${service.files} files, ${formatBytes(service.bytes)}`,
      );
      return [
        `${terminal.paint('green', 'packaged')} ${result.services.length} service(s) into ${shown}`,
        ...lines,
        `  ${'routes'.padEnd(16)}${shown}/${result.routes}`,
        '',
      ].join('\n');
    },
  };
}

/** One line per service: rewritten in place on a TTY, plain lines in CI. */
function createProgress(terminal: Terminal) {
  return (event: { service: string; state: 'start' | 'done' | 'failed'; ms?: number }) => {
    const time = event.ms === undefined ? '' : ` ${(event.ms / 1000).toFixed(1)}s`;
    if (event.state === 'start') {
      if (terminal.interactive) terminal.err(`  ${terminal.paint('dim', '…')} ${event.service}`);
      else terminal.err(`svcpack: ${event.service}: packaging\n`);
      return;
    }
    const mark = event.state === 'done' ? terminal.paint('green', '✓') : terminal.paint('red', '✗');
    if (terminal.interactive) terminal.err(`\r\x1b[K  ${mark} ${event.service}${time}\n`);
    else terminal.err(`svcpack: ${event.service}: ${event.state}${time}\n`);
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
