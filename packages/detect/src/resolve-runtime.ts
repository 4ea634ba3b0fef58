import { posix } from 'node:path';
import type { Runtime } from './types.js';

/** File extensions that name a runtime (SPEC §1.3). */
export const RUNTIME_EXTENSIONS: Record<string, Runtime> = {
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.ts': 'node',
  '.mts': 'node',
  '.cts': 'node',
  '.py': 'python',
  '.go': 'go',
  '.rb': 'ruby',
  '.ru': 'ruby',
  '.rs': 'rust',
};

/** Vercel's default builder of each runtime, so `builder` can imply a runtime. */
const BUILDER_RUNTIMES: Record<string, Runtime> = {
  '@vercel/node': 'node',
  '@vercel/backends': 'node',
  '@vercel/python': 'python',
  '@vercel/go': 'go',
  '@vercel/ruby': 'ruby',
  '@vercel/rust': 'rust',
  '@vercel/container': 'container',
};

/** What decides a service's runtime, strongest first. */
export interface RuntimeInputs {
  explicit: Runtime | null;
  /** The runtime of the pinned framework. */
  framework: Runtime | null;
  builder: string | null;
  /** The entry file, when the entrypoint is a file. */
  file: string | null;
}

/**
 * The runtime by SPEC §1.3 (reference/vercel-services.md §3.1): explicit, else the
 * framework's, else the builder's, else the entry file's extension (`pyproject.toml` is
 * Python).
 */
export function resolveRuntime(inputs: RuntimeInputs): Runtime | null {
  if (inputs.explicit) return inputs.explicit;
  if (inputs.framework) return inputs.framework;
  const builder = inputs.builder
    ? BUILDER_RUNTIMES[inputs.builder.replace(/@[^/]*$/, '')]
    : undefined;
  if (builder) return builder;
  if (inputs.file === null) return null;
  if (posix.basename(inputs.file) === 'pyproject.toml') return 'python';
  return RUNTIME_EXTENSIONS[posix.extname(inputs.file)] ?? null;
}
