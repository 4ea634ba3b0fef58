/**
 * The public data shapes of `@svcpack/detect`. They are the `detect` result of SPEC §2.1:
 * other programs read them as JSON, so field names and order are part of the contract.
 */

/** The runtimes a service can resolve to (SPEC §1.1 `runtime`). */
export const RUNTIMES = ['node', 'python', 'go', 'ruby', 'rust', 'container'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** The service kinds of SPEC §1.1 `type`. */
export const SERVICE_TYPES = ['web', 'cron', 'worker', 'job'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Where a reported version came from. */
export type VersionSource = 'installed' | 'lockfile' | 'manifest';

/** How strongly a candidate framework is supported, strongest first. */
export const ACCURACIES = ['forced', 'dependency', 'config', 'hoisted'] as const;
export type Accuracy = (typeof ACCURACIES)[number];

/** One error or warning, as SPEC §2.1 defines it; fields that do not apply are `null`. */
export interface Problem {
  code: string;
  message: string;
  hint: string | null;
  /** Project-relative POSIX path of the file the problem is in. */
  file: string | null;
  /** JSON pointer into `file`. */
  pointer: string | null;
  /** 1-based. */
  line: number | null;
  /** 1-based. */
  column: number | null;
  value: unknown;
  expected: string | null;
  suggestion: string | null;
}

/** One fact that decided (or failed to decide) a detection. */
export interface Evidence {
  /** The rule that was evaluated, e.g. `package.json#dependencies` or `detector:some`. */
  rule: string;
  /** Project-relative file the rule looked at, or `null`. */
  file: string | null;
  line: number | null;
  endLine: number | null;
  matched: boolean;
  detail: string;
}

/** A framework that could be the service's, with the evidence for it. */
export interface FrameworkCandidate {
  slug: string;
  accuracy: Accuracy;
  evidence: Evidence[];
}

/** The framework a service resolved to. */
export interface ResolvedFramework {
  /** Always a `@vercel/frameworks` slug (`go` for a Go server). */
  slug: string;
  name: string;
  /** Best known: installed, else locked, else declared. */
  version: string | null;
  versionSource: VersionSource | null;
  declared: string | null;
  locked: string | null;
  installed: string | null;
  /** A finer fingerprint of ours (`gin`, `net/http`), or `null`. */
  library: string | null;
}

/** The package manager found for a service, with the file that told. */
export interface ResolvedPackageManager {
  name: string;
  source: string;
}

/** One service after resolution, in the field order of SPEC §2.1. */
export interface ResolvedService {
  name: string;
  type: ServiceType;
  runtime: Runtime | null;
  framework: ResolvedFramework | null;
  candidates: FrameworkCandidate[];
  /** The service's build root, project-relative (`.` for the root). */
  workspace: string;
  /**
   * Project-relative path of the entry file; for a frontend given as a directory
   * (Next.js), that directory.
   */
  entrypoint: string;
  /** The attribute of a `module:attr` entrypoint or the app object found in the file. */
  handler: string | null;
  /** Normalised prefix, or `null` for services without one. */
  routePrefix: string | null;
  stripPrefix: boolean;
  memory: number | null;
  maxDuration: number | null;
  includeFiles: string[];
  excludeFiles: string[];
  packageManager: ResolvedPackageManager | null;
  buildCommand: string | null;
  installCommand: string | null;
  /**
   * Only in the `services` dialect (SPEC §1.2): the top-level rewrites that send requests
   * to this service, in the order they appear in the config. Absent for
   * `experimentalServices`, where `routePrefix` alone routes.
   */
  rewrites?: ServiceRewrite[];
  /** The subdomain a web service answers on (lower-cased); absent when none is set. */
  subdomain?: string;
  /** What starts a cron, worker or job service; absent for web services. */
  trigger?: 'schedule' | 'queue' | 'workflow';
  /** The cron expressions of a scheduled service; absent when it has none. */
  schedule?: string[];
  /** The queue topics of a worker (`["default"]` when none is given) or a queue job. */
  topics?: string[];
  /** Environment variables that receive another web service's URL, by variable name. */
  env?: Record<string, { type: 'service-ref'; service: string }>;
}

/** A top-level rewrite of the `services` dialect whose destination is a service. */
export interface ServiceRewrite {
  /** Index of the rewrite in the config's `rewrites`: first match wins, lowest first. */
  index: number;
  /** The `source` as written, in Vercel's path-to-regexp syntax (`/server/(.*)`). */
  source: string;
  /** `source` as an anchored regex on the pathname, as Vercel compiles it. */
  src: string;
}

/** The `result` of `svcpack detect --json`. */
export interface DetectResult {
  services: ResolvedService[];
}

/**
 * The rules that name a service's package manager, strongest first: a lockfile, a
 * package.json `packageManager` field, a pyproject.toml `[tool.poetry]` or `[tool.uv]`
 * table, a file only that manager reads (pnpm-workspace.yaml, .yarnrc.yml), a manifest
 * whose runtime has one usual manager (package.json → npm, requirements.txt → pip), and
 * the runtime's default when no file says anything.
 */
export const PACKAGE_MANAGER_RULES = [
  'lockfile',
  'packageManager-field',
  'pyproject-tool-table',
  'manager-file',
  'manifest-only',
  'default',
] as const;
export type PackageManagerRule = (typeof PACKAGE_MANAGER_RULES)[number];

/** The package manager of a service with the rule that decided it (`detectToolchains`). */
export interface DetectedPackageManager {
  /** `npm`, `pnpm`, `yarn`, `bun`, `uv`, `poetry`, `pipenv`, `pip`, `go`, `bundler`, `cargo`. */
  name: string;
  /** The version a package.json `packageManager` field pins (`10.34.9`), else `null`. */
  version: string | null;
  rule: PackageManagerRule;
  /** Project-relative file that decided; `null` for `default`. */
  source: string | null;
  /** 1-based line in `source` where there is one (the `packageManager` field). */
  line: number | null;
  /** Why the rule fired, in words (`yarn.lock is Yarn Berry's (__metadata)`). */
  detail: string;
}

/** The workspace files that list members, as `rule` ids (file and key). */
export const WORKSPACE_RULES = [
  'package.json#workspaces',
  'pnpm-workspace.yaml#packages',
  'pyproject.toml#tool.uv.workspace',
  'go.work#use',
] as const;
export type WorkspaceRule = (typeof WORKSPACE_RULES)[number];

/** The JS, uv or Go workspace a service belongs to. */
export interface WorkspaceRoot {
  /** Project-relative directory of the workspace root (`.` for the project root). */
  directory: string;
  rule: WorkspaceRule;
  /** Project-relative file that lists the members. */
  source: string;
  /** 1-based line of the listing key in `source`, or `null`. */
  line: number | null;
  /** `true` when the service is a listed member; `false` when it is the root itself. */
  member: boolean;
  /**
   * The name the workspace knows the service by (package.json `name`, `[project] name`,
   * the go.mod `module`), or `null` when it declares none.
   */
  package: string | null;
}

/** Where an install or build command came from. */
export const TOOLCHAIN_COMMAND_RULES = [
  'config',
  'lockfile',
  'manifest',
  'build-script',
  'framework-default',
  'go-build',
] as const;
export type ToolchainCommandRule = (typeof TOOLCHAIN_COMMAND_RULES)[number];

/** A command a user would run for a service, and where it came from. */
export interface ToolchainCommand {
  command: string;
  /** Project-relative directory to run it in. */
  cwd: string;
  /** `config` when the service sets it; otherwise how it was derived. */
  rule: ToolchainCommandRule;
  /** Project-relative file it came from (`vercel.json`, `pnpm-lock.yaml`), or `null`. */
  source: string | null;
  /** 1-based line in `source`, or `null`. */
  line: number | null;
}

/**
 * How a service is installed and built: its package manager, its workspace, and the
 * commands. `install` and `build` are the configured `installCommand` / `buildCommand`
 * when set, else derived; `null` when nothing applies.
 */
export interface Toolchain {
  packageManager: DetectedPackageManager | null;
  workspaceRoot: WorkspaceRoot | null;
  install: ToolchainCommand | null;
  build: ToolchainCommand | null;
}
