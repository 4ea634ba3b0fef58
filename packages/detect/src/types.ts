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
