import { FRAMEWORK_TABLE } from './framework-table.js';
import type { Runtime } from './types.js';

/**
 * One detector item of `@vercel/frameworks`: a file that must exist (`path`), optionally
 * with content that must match (`matchContent`), or a package.json dependency
 * (`matchPackage`). Fields that do not apply are `null`.
 */
export interface DetectorItem {
  path: string | null;
  matchContent: string | null;
  matchPackage: string | null;
}

/**
 * A preset as `framework-table.ts` holds it: the detection data of `@vercel/frameworks`,
 * extracted by `scripts/framework-table.mjs` and checked against the package by a test.
 */
export interface FrameworkRecord {
  slug: string | null;
  name: string;
  every: DetectorItem[];
  some: DetectorItem[];
  supersedes: string[];
  /** `weak` (Storybook): a match alone is not proposed as the service's framework. */
  detectionConfidence: string | null;
  /** Vercel hides experimental presets unless asked; svcpack evaluates them all. */
  experimental: boolean;
  useRuntime: { src: string; use: string } | null;
}

/** A `@vercel/frameworks` preset with what svcpack derives from it. */
export interface FrameworkInfo {
  slug: string;
  name: string;
  every: readonly DetectorItem[];
  some: readonly DetectorItem[];
  supersedes: readonly string[];
  /** The runtime the framework runs on, or `null` (a static-site generator such as Hugo). */
  runtime: Runtime | null;
  /** Backends are prefix-stripped; frontends (Next.js, Vite, …) route their own base path. */
  backend: boolean;
  /** The npm or PyPI package whose version is the framework's version. */
  versionPackage: string | null;
}

/** Python frameworks: their runtime is `python` (reference/vercel-services.md §3.1). */
const PYTHON_FRAMEWORKS: Record<string, string | null> = {
  fastapi: 'fastapi',
  flask: 'flask',
  django: 'django',
  fasthtml: 'python-fasthtml',
  python: null,
};

/** Node frameworks that serve HTTP themselves, so they are backends. */
const NODE_BACKENDS = [
  'express',
  'hono',
  'h3',
  'koa',
  'nestjs',
  'fastify',
  'elysia',
  'node',
  'bun',
];

/** Presets of other runtimes: their slug or family names the runtime. */
const RUNTIME_PRESETS: Record<string, Runtime> = {
  go: 'go',
  ruby: 'ruby',
  rust: 'rust',
  axum: 'rust',
  'actix-web': 'rust',
  container: 'container',
};

/**
 * Every `@vercel/frameworks` preset that can be a service's framework, in the package's
 * order. `services` (the project-level preset) and `Other` (no slug) are left out.
 */
export const FRAMEWORKS: readonly FrameworkInfo[] = FRAMEWORK_TABLE.flatMap((framework) => {
  const { slug, name, every, some } = framework;
  if (slug === null || slug === 'services' || every.length + some.length === 0) return [];
  return [
    {
      slug,
      name,
      every,
      some,
      supersedes: framework.supersedes,
      ...classify(slug, [...every, ...some]),
    },
  ];
});

const BY_SLUG = new Map(FRAMEWORKS.map((framework) => [framework.slug, framework]));

/** The preset with this slug, or `undefined`. */
export function findFramework(slug: string): FrameworkInfo | undefined {
  return BY_SLUG.get(slug);
}

function classify(
  slug: string,
  items: readonly DetectorItem[],
): Omit<FrameworkInfo, 'slug' | 'name' | 'every' | 'some' | 'supersedes'> {
  if (slug in PYTHON_FRAMEWORKS) {
    return { runtime: 'python', backend: true, versionPackage: PYTHON_FRAMEWORKS[slug] ?? null };
  }
  const preset = RUNTIME_PRESETS[slug];
  if (preset) return { runtime: preset, backend: true, versionPackage: null };

  // A JavaScript framework is recognised through package.json: its build and server run on
  // Node, even when Vercel calls it a frontend and gives it no runtime of its own.
  const versionPackage = items.find((item) => item.matchPackage)?.matchPackage ?? null;
  const javascript = items.some((item) => item.matchPackage || item.path === 'package.json');
  const backend = NODE_BACKENDS.includes(slug);
  return { runtime: javascript || backend ? 'node' : null, backend, versionPackage };
}
