import type { DetectFileSystem } from './file-system.js';
import { joinProjectPath } from './project-path.js';
import type { ServiceReporter } from './service-reporter.js';
import type { ServiceConfig } from './validate-service.js';

const NEXT_CONFIGS = [
  'next.config.js',
  'next.config.mjs',
  'next.config.cjs',
  'next.config.ts',
  'next.config.mts',
];

/**
 * A Next.js app below a prefix is not prefix-stripped (SPEC §1.3): it must set its own
 * `basePath`, or its pages and assets 404. A textual look at next.config: a computed
 * `basePath` counts as set.
 */
export async function checkNextBasePath(
  fs: DetectFileSystem,
  workspace: string,
  config: ServiceConfig,
  warnings: ServiceReporter,
): Promise<void> {
  for (const name of NEXT_CONFIGS) {
    const text = await fs.readFile(joinProjectPath(workspace, name));
    if (text !== null && /\bbasePath\b/.test(text)) return;
  }
  warnings.report(
    'DETECT_MISSING_BASE_PATH',
    `Next.js service "${config.name}" is served at "${config.routePrefix}" but its next.config sets no basePath.`,
    {
      field: config.routePrefixPath ?? [],
      value: config.routePrefix,
      expected: `basePath: '${config.routePrefix}' in next.config`,
      hint: `Add basePath: '${config.routePrefix}' to ${joinProjectPath(workspace, 'next.config.js')}.`,
    },
  );
}
