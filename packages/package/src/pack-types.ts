import type { Problem, ResolvedService } from '@svcpack/detect';

/**
 * The contract between the per-runtime packers (`runtimes/*.ts`) and the one shared
 * writer (`write-bundle.ts`). A packer says which files a service needs and how to start
 * it; the writer turns that into `services/<name>/`.
 */

/** One entry of a bundle. */
export type FileSource =
  /** Copy the bytes of an absolute path on disk. */
  | { kind: 'file'; from: string; mode: FileMode }
  /** Write these bytes (a launcher, a generated config). */
  | { kind: 'content'; data: Buffer; mode: FileMode }
  /** A relative symlink; its target must resolve inside the bundle. */
  | { kind: 'symlink'; target: string };

/** The only modes a bundle holds (SPEC §3 digest). */
export type FileMode = 0o644 | 0o755;

/** Bundle-relative POSIX path (= project-relative path) → what goes there. */
export type FileSet = Map<string, FileSource>;

/** How to start a packaged service (SPEC §3 `start`). */
export interface StartSpec {
  command: string[];
  /** Relative to `bundle/`, POSIX, `.` for the bundle root. */
  cwd: string;
  env: Record<string, string>;
}

/** Receives debug lines; the libraries never print. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** What a packer gets. */
export interface PackContext {
  /** Absolute project root. */
  root: string;
  service: ResolvedService;
  /** Whether to run the framework's build (false with `--no-build`). */
  build: boolean;
  /** Absolute scratch directory for this service, removed after the run. */
  scratch: string;
  /**
   * Project-relative directories that hold svcpack output (the output directory and its
   * staging). Never packaged; pass them to `resolveFileGlobs` as `neverPackaged`.
   */
  outputDirs?: string[];
  logger: Logger;
  signal?: AbortSignal;
}

/** What a packer returns. */
export interface PackedRuntime {
  files: FileSet;
  start: StartSpec;
  warnings: Problem[];
  /**
   * The installed version of the framework's package in what ships (FastAPI 0.92.0 from
   * the chosen interpreter), when the packer knows it; `service.json` prefers it over
   * the declared range detection read.
   */
  frameworkVersion?: string;
}

/** A packer for one runtime or framework. Throws `SvcpackError` for user-fixable failures. */
export type Packer = (context: PackContext) => Promise<PackedRuntime>;
