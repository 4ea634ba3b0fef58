import type { DetectFileSystem } from './file-system.js';
import type { DetectResult, Problem } from './types.js';

/** Options of {@link detectServices}. */
export interface DetectOptions {
  /** Absolute path of the project root (the directory holding vercel.json). */
  root: string;
  /** File access; defaults to the real disk under `root`. */
  fs?: DetectFileSystem;
  /** Only these services (by name); all when empty or absent. */
  services?: readonly string[];
}

/** What {@link detectServices} returns: the `detect` result and its problems. */
export interface DetectServicesResult {
  /** `null` when an error left no result. */
  result: DetectResult | null;
  /** Every error of the run, sorted by file, line, column. */
  errors: Problem[];
  warnings: Problem[];
  /** Project-relative name of the config file read (`vercel.json`), or `null`. */
  configFile: string | null;
}

/**
 * Reads the project's services config, validates it and resolves every service.
 * Never throws for user errors: they come back in `errors`.
 */
export async function detectServices(options: DetectOptions): Promise<DetectServicesResult> {
  void options;
  throw new Error('detectServices: not implemented yet');
}
