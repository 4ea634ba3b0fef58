import { posix } from 'node:path';
import {
  detectPackageManager,
  findPackageManagerConflicts,
  NODE_LOCKFILE_ORDER,
} from './detect-package-manager.js';
import type { DetectFileSystem } from './file-system.js';
import type { ServiceReporter } from './service-reporter.js';
import type { Runtime } from './types.js';
import type { ServiceConfig } from './validate-service.js';

/** The package manager, with a warning when the files beside its marker name another. */
export async function packageManagerOf(
  fs: DetectFileSystem,
  workspace: string,
  runtime: Runtime | null,
  config: ServiceConfig,
  warnings: ServiceReporter,
) {
  const found = await detectPackageManager(fs, workspace, runtime);
  if (found === null || runtime !== 'node') return found;
  const conflicts = await findPackageManagerConflicts(fs, found);
  if (conflicts.length > 0) {
    const others = conflicts.map((item) => `${item.name} (${item.source})`).join(', ');
    warnings.report(
      'DETECT_PACKAGE_MANAGER_CONFLICT',
      `Service "${config.name}" uses ${found.name} by ${found.source}, but ${others} ${conflicts.length > 1 ? 'say' : 'says'} otherwise; ${found.name} wins because ${whyFirst(found.source)}.`,
      {
        field: [],
        value: [found.name, ...conflicts.map((item) => item.name)],
        expected: 'one package manager per workspace',
        hint: `Delete the files of the manager you no longer use, or set "installCommand".`,
      },
    );
  }
  return found;
}

/** Why the deciding file of a package-manager conflict won, for its warning. */
function whyFirst(source: string): string {
  const file = posix.basename(source);
  if (NODE_LOCKFILE_ORDER.includes(file)) {
    return `a lockfile decides before a packageManager field or a manager's own file, and ${file} comes first among lockfiles (${NODE_LOCKFILE_ORDER.join(', ')})`;
  }
  return file === 'package.json'
    ? 'a packageManager field decides before a manager’s own file'
    : `${file} is the first sign found walking up from the service`;
}
