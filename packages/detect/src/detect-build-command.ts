import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import { lineAt } from './line-at.js';
import { isRecord } from './plain-values.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import type { DetectedPackageManager, ResolvedService, ToolchainCommand } from './types.js';

/**
 * The build command a user would run for a service whose build is not configured: a
 * Node workspace's package.json `scripts.build` through its manager (`pnpm run build`),
 * else `next build` for Next.js; `go build` in a Go service's main package. `null` when
 * nothing applies (Python, a Node backend without a build script).
 */
export async function detectBuildCommand(
  fs: DetectFileSystem,
  service: ResolvedService,
  manager: DetectedPackageManager | null,
): Promise<ToolchainCommand | null> {
  const cwd = service.workspace;
  if (service.runtime === 'node') {
    const source = joinProjectPath(cwd, 'package.json');
    const manifest = await readJsonFile(fs, source);
    const scripts = isRecord(manifest) ? manifest.scripts : undefined;
    if (isRecord(scripts) && typeof scripts.build === 'string') {
      const command = `${manager?.name ?? 'npm'} run build`;
      return { command, cwd, rule: 'build-script', source, line: await buildLine(fs, source) };
    }
    if (service.framework?.slug === 'nextjs') {
      return { command: 'next build', cwd, rule: 'framework-default', source: null, line: null };
    }
    return null;
  }
  if (service.runtime === 'go') {
    // The main package is the entry directory, or the directory of an entry file.
    const entry = service.entrypoint;
    const main = (await fs.kind(entry)) === 'directory' ? entry : posix.dirname(entry);
    const source = manager?.name === 'go' ? manager.source : null;
    return { command: 'go build', cwd: main, rule: 'go-build', source, line: null };
  }
  return null;
}

/** The line of the `build` key inside `scripts`, found in the text after `"scripts"`. */
async function buildLine(fs: DetectFileSystem, file: string): Promise<number | null> {
  const text = (await fs.readFile(file)) ?? '';
  const scripts = text.search(/"scripts"\s*:/);
  if (scripts < 0) return null;
  const build = text.slice(scripts).search(/"build"\s*:/);
  return build < 0 ? null : lineAt(text, scripts + build);
}
