import { dirname } from 'node:path';
import type {
  DetectServicesResult,
  ResolvedFramework,
  ResolvedService,
  Runtime,
} from '../packages/detect/src/index.js';

/** The fields a test sets; every other field takes the value detection gives by default. */
export type ServiceFields = Partial<Omit<ResolvedService, 'framework'>> & {
  name: string;
  entrypoint: string;
  /** A slug, or some fields of the framework with its slug (the rest are `null`), or none. */
  framework?: string | (Partial<ResolvedFramework> & { slug: string }) | null;
};

/** The runtime of the framework slugs the fixtures use; any other slug is Node's. */
const RUNTIME_OF: Record<string, Runtime> = { go: 'go', fastapi: 'python', flask: 'python' };

/** The `net/http` fingerprint detection gives a plain Go server. */
const LIBRARY_OF: Record<string, string> = { go: 'net/http' };

/**
 * A hand-made {@link ResolvedService}, as `@svcpack/detect` would resolve it: the runtime
 * follows from the framework, the workspace defaults to the entry's directory and the route
 * prefix to `/<name>`.
 */
export function resolvedService(fields: ServiceFields): ResolvedService {
  const { framework, ...rest } = fields;
  const resolved =
    typeof framework === 'string'
      ? frameworkOf(framework)
      : framework
        ? { ...frameworkOf(framework.slug), ...framework }
        : null;
  return {
    type: 'web',
    runtime: (resolved && RUNTIME_OF[resolved.slug]) ?? 'node',
    candidates: [],
    workspace: dirname(fields.entrypoint),
    handler: null,
    routePrefix: `/${fields.name}`,
    stripPrefix: true,
    memory: null,
    maxDuration: null,
    includeFiles: [],
    excludeFiles: [],
    packageManager: null,
    buildCommand: null,
    installCommand: null,
    ...rest,
    framework: resolved,
  };
}

/** A resolver for `packageServices({ resolve })` that returns `services`, sorted by name. */
export function resolverFor(services: ResolvedService[]): () => Promise<DetectServicesResult> {
  return async () => ({
    result: { services: [...services].sort((a, b) => (a.name < b.name ? -1 : 1)) },
    errors: [],
    warnings: [],
    configFile: 'vercel.json',
  });
}

function frameworkOf(slug: string): ResolvedFramework {
  return {
    slug,
    name: slug,
    version: null,
    versionSource: null,
    declared: null,
    locked: null,
    installed: null,
    library: LIBRARY_OF[slug] ?? null,
  };
}

/** The fields of a detected service in SPEC §2.1, in their order: nothing may add to them. */
export const SPEC_SERVICE_FIELDS = [
  'name',
  'type',
  'runtime',
  'framework',
  'candidates',
  'workspace',
  'entrypoint',
  'handler',
  'routePrefix',
  'stripPrefix',
  'memory',
  'maxDuration',
  'includeFiles',
  'excludeFiles',
  'packageManager',
  'buildCommand',
  'installCommand',
];
