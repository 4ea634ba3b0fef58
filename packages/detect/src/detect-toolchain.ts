import { parse as parseToml } from 'smol-toml';
import type { ConfigDocument } from './config-document.js';
import { detectBuildCommand } from './detect-build-command.js';
import { detectInstallCommand } from './detect-install-command.js';
import { explainPackageManager } from './detect-package-manager.js';
import { sortProblems } from './errors.js';
import { createNodeFileSystem, type DetectFileSystem } from './file-system.js';
import { findWorkspaceRoot, type WorkspaceMembership } from './find-workspace-root.js';
import { lineAt } from './line-at.js';
import { createListingFileSystem } from './listing-file-system.js';
import { loadConfig } from './load-config.js';
import { parseGoMod } from './parse-go-mod.js';
import { isRecord, safely } from './plain-values.js';
import { joinProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import type {
  Problem,
  ResolvedService,
  Toolchain,
  ToolchainCommand,
  WorkspaceRoot,
  WorkspaceRule,
} from './types.js';
import { unreadableProblems } from './unreadable-files.js';

/** Options of {@link detectToolchains}. */
export interface DetectToolchainsOptions {
  /** Absolute path of the project root (the directory holding vercel.json). */
  root: string;
  /** File access; defaults to the real disk under `root`. */
  fs?: DetectFileSystem;
  /** Resolved services, as `detectServices` returns them. */
  services: readonly ResolvedService[];
}

/** Where each workspace file names its members, to give the listing key's line. */
const LISTING_KEYS: Record<WorkspaceRule, RegExp> = {
  'package.json#workspaces': /"workspaces"\s*:/,
  'pnpm-workspace.yaml#packages': /^packages\s*:/m,
  'pyproject.toml#tool.uv.workspace': /^[ \t]*\[tool\.uv\.workspace\]|^[ \t]*workspace[ \t]*=/m,
  'go.work#use': /^[ \t]*use\b/m,
};

/**
 * How each service is installed and built, by service name (sorted): its package manager
 * with the rule that fired, the workspace it belongs to, and the install and build
 * commands, each with where it came from. The configured `installCommand` /
 * `buildCommand` wins (`rule: "config"`, `source` the config file); otherwise the
 * command is derived from the files. Reads files only, like `detectServices`.
 */
export async function detectToolchains(
  options: DetectToolchainsOptions,
): Promise<DetectToolchainsResult> {
  const fs = createListingFileSystem(options.fs ?? createNodeFileSystem(options.root));
  const loaded = await loadConfig(fs);
  const sorted = [...options.services].sort((a, b) => (a.name < b.name ? -1 : 1));
  const toolchains: Record<string, Toolchain> = {};
  for (const service of sorted) {
    toolchains[service.name] = await detectToolchain(fs, service, loaded.document);
  }
  return { toolchains, warnings: sortProblems(unreadableProblems(fs)) };
}

/** What {@link detectToolchains} returns. */
export interface DetectToolchainsResult {
  /** Per service name. */
  toolchains: Record<string, Toolchain>;
  /**
   * Files the toolchains needed and could not parse (a broken pnpm-workspace.yaml), as
   * `DETECT_UNREADABLE_MANIFEST` warnings: the toolchain was worked out without them.
   */
  warnings: Problem[];
}

/** {@link detectToolchains} for one service, with the config document already read. */
export async function detectToolchain(
  fs: DetectFileSystem,
  service: ResolvedService,
  document: ConfigDocument | null,
): Promise<Toolchain> {
  const packageManager = await explainPackageManager(fs, service.workspace, service.runtime);
  const membership = await findWorkspaceRoot(fs, service.workspace, service.runtime);
  const workspaceRoot = membership && (await describeRoot(fs, membership, service));
  const install =
    configured(service, 'installCommand', document) ??
    (await detectInstallCommand(fs, packageManager, workspaceRoot));
  const build =
    configured(service, 'buildCommand', document) ??
    (await detectBuildCommand(fs, service, packageManager));
  return { packageManager, workspaceRoot, install, build };
}

/** The configured command, located in the config file (either dialect). */
function configured(
  service: ResolvedService,
  field: 'installCommand' | 'buildCommand',
  document: ConfigDocument | null,
): ToolchainCommand | null {
  const command = service[field];
  if (command === null) return null;
  const services = document?.value.services;
  const dialect =
    isRecord(services) && Object.hasOwn(services, service.name)
      ? 'services'
      : 'experimentalServices';
  const line = document?.locate([dialect, service.name, field]).line ?? null;
  const source = document?.file ?? 'vercel.json';
  return { command, cwd: service.workspace, rule: 'config', source, line };
}

/** The membership with the listing key's line and the service's package name. */
async function describeRoot(
  fs: DetectFileSystem,
  membership: WorkspaceMembership,
  service: ResolvedService,
): Promise<WorkspaceRoot> {
  const text = (await fs.readFile(membership.source)) ?? '';
  const offset = text.search(LISTING_KEYS[membership.rule]);
  const line = offset < 0 ? null : lineAt(text, offset);
  const { directory, rule, source, member } = membership;
  return { directory, rule, source, line, member, package: await packageName(fs, service) };
}

/** The name the service's own manifest gives it: package.json, pyproject.toml, go.mod. */
async function packageName(fs: DetectFileSystem, service: ResolvedService) {
  const at = (file: string) => joinProjectPath(service.workspace, file);
  if (service.runtime === 'node') {
    const manifest = await readJsonFile(fs, at('package.json'));
    const name = isRecord(manifest) ? manifest.name : undefined;
    return typeof name === 'string' ? name : null;
  }
  if (service.runtime === 'python') {
    const text = await fs.readFile(at('pyproject.toml'));
    const data = text === null ? null : safely(() => parseToml(text));
    const project = isRecord(data?.project) ? data.project : null;
    const tool = isRecord(data?.tool) && isRecord(data.tool.poetry) ? data.tool.poetry : null;
    const name = project?.name ?? tool?.name;
    return typeof name === 'string' ? name : null;
  }
  if (service.runtime === 'go') {
    const text = await fs.readFile(at('go.mod'));
    return text === null ? null : parseGoMod(text).module;
  }
  return null;
}
