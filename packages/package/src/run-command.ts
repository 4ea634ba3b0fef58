import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SvcpackError } from '@svcpack/detect';
import type { PackContext } from './pack-types.js';

/**
 * Runs the service's `installCommand`, then its `buildCommand`, in its workspace through
 * the shell, when they are configured. Output goes to the logger's debug lines; a failure
 * is `PACKAGE_BUILD_FAILED` with the last lines of output. The run's abort signal kills
 * the command. Packers call it when `context.build` is true.
 */
export async function runConfiguredCommands(context: PackContext): Promise<void> {
  const { service } = context;
  for (const [field, command] of [
    ['installCommand', service.installCommand],
    ['buildCommand', service.buildCommand],
  ] as const) {
    if (command === null) continue;
    context.logger.debug(`${service.name}: running ${field} "${command}"`);
    await runCommand(context, field, command);
  }
}

async function runCommand(context: PackContext, field: string, command: string): Promise<void> {
  const { service } = context;
  const cwd = join(context.root, service.workspace);
  const tail: string[] = [];
  const { code, error } = await new Promise<{ code: number | null; error: Error | null }>(
    (resolvePromise) => {
      const child = spawn(command, {
        cwd,
        shell: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(context.signal ? { signal: context.signal } : {}),
      });
      const collect = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim() === '') continue;
          context.logger.debug(`${service.name}: ${line}`);
          tail.push(line);
          if (tail.length > 20) tail.shift();
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', (spawnError) => resolvePromise({ code: null, error: spawnError }));
      child.on('close', (exitCode) => resolvePromise({ code: exitCode, error: null }));
    },
  );

  if (code === 0) return;
  const why = error ? error.message : `it exited with code ${code}`;
  throw SvcpackError.of(
    'PACKAGE_BUILD_FAILED',
    `The ${field} of the service "${service.name}", "${command}", failed in "${service.workspace}": ${why}.${tail.length > 0 ? `\n${tail.join('\n')}` : ''}`,
    {
      pointer: `/experimentalServices/${service.name}/${field}`,
      value: command,
      hint: `Run "${command}" in "${service.workspace}" to see the whole output, fix it, and package again.`,
    },
  );
}
