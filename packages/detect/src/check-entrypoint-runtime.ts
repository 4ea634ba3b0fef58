import { posix } from 'node:path';
import { findFramework } from './framework-catalog.js';
import { RUNTIME_EXTENSIONS } from './resolve-runtime.js';
import type { ServiceReporter } from './service-reporter.js';
import type { Runtime } from './types.js';

/**
 * An explicit `runtime`, or the runtime of a pinned `framework`, must be the one the
 * entrypoint file's extension names (`.js` → node, `.py` → python, …): a Python runtime
 * on `server.js` packages a bundle that cannot start. Reported as
 * `RUNTIME_ENTRYPOINT_MISMATCH` at `runtime` (or at `framework` when only that
 * disagrees). A directory entrypoint, an extension of no runtime and the container
 * runtime (which runs any command) are not checked. Returns whether they agree.
 */
export function checkEntrypointRuntime(
  reporter: ServiceReporter,
  entrypoint: string | null,
  runtime: Runtime | null,
  framework: string | null,
): boolean {
  if (entrypoint === null || runtime === 'container') return true;
  const extension = posix.extname(entrypoint);
  const fileRuntime =
    posix.basename(entrypoint) === 'pyproject.toml' ? 'python' : RUNTIME_EXTENSIONS[extension];
  if (fileRuntime === undefined) return true;
  const kind = `a ${fileRuntime} file (${extension || posix.basename(entrypoint)})`;

  if (runtime !== null && runtime !== fileRuntime) {
    reporter.report(
      'RUNTIME_ENTRYPOINT_MISMATCH',
      `Service "${reporter.name}" sets runtime "${runtime}", but its entrypoint "${entrypoint}" is ${kind}.`,
      {
        field: ['runtime'],
        value: runtime,
        expected: `"${fileRuntime}", the runtime of the entrypoint`,
        suggestion: fileRuntime,
        hint: `Write "runtime": "${fileRuntime}" or remove "runtime" (the entrypoint implies it), or point "entrypoint" at the ${runtime} file to run.`,
      },
    );
    return false;
  }
  const frameworkRuntime = framework === null ? null : (findFramework(framework)?.runtime ?? null);
  if (runtime === null && frameworkRuntime !== null && frameworkRuntime !== fileRuntime) {
    reporter.report(
      'RUNTIME_ENTRYPOINT_MISMATCH',
      `Service "${reporter.name}" sets framework "${framework}", which runs on ${frameworkRuntime}, but its entrypoint "${entrypoint}" is ${kind}.`,
      {
        field: ['framework'],
        value: framework,
        expected: `a ${fileRuntime} framework, as the entrypoint is ${kind}`,
        hint: `Remove "framework" to let svcpack detect the ${fileRuntime} framework, or point "entrypoint" at the ${framework} app's ${frameworkRuntime} file.`,
      },
    );
    return false;
  }
  return true;
}
