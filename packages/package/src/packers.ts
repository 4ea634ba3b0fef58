import { extname } from 'node:path';
import type { Problem, ResolvedService } from '@svcpack/detect';
import { problem } from '@svcpack/detect';
import type { Packer } from './pack-types.js';
import { packGo } from './runtimes/go.js';
import { packNext } from './runtimes/nextjs.js';
import { packNode } from './runtimes/node.js';
import { packPython } from './runtimes/python.js';

/** What {@link choosePacker} decided for a service. */
export type PackerChoice = { packer: Packer; label: string } | { problem: Problem };

interface PackerRule {
  label: string;
  packer: Packer;
  matches(service: ResolvedService): boolean;
}

/** Entry extensions Node 20 cannot run without a compile step. */
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** Node backends whose entry file the Node packer runs (it listens or exports an app). */
const NODE_FRAMEWORKS = new Set(['node', 'express', 'hono', 'koa', 'fastify', 'nestjs', 'h3']);

/** Python frameworks the Python packer serves. */
const PYTHON_FRAMEWORKS = new Set(['python', 'fastapi', 'flask', 'django', 'fasthtml']);

/**
 * The packers, in precedence order: a framework with its own build output (Next.js) goes
 * before the bare runtime of its language.
 */
const PACKERS: readonly PackerRule[] = [
  { label: 'nextjs', packer: packNext, matches: (s) => s.framework?.slug === 'nextjs' },
  {
    label: 'node',
    packer: packNode,
    matches: (s) => s.runtime === 'node' && isAmong(s.framework?.slug, NODE_FRAMEWORKS),
  },
  {
    label: 'python',
    packer: packPython,
    matches: (s) => s.runtime === 'python' && isAmong(s.framework?.slug, PYTHON_FRAMEWORKS),
  },
  {
    label: 'go',
    packer: packGo,
    matches: (s) => s.runtime === 'go' && isAmong(s.framework?.slug, new Set(['go'])),
  },
];

/**
 * Chooses the packer of a service, or says why none applies: svcpack packages web
 * services of the node, python and go runtimes and Next.js frontends; cron, worker and job
 * services, the ruby, rust and container runtimes, frameworks without a packer (static
 * frontends such as Vite) and TypeScript Node entries stop `package` with
 * `PACKAGE_UNSUPPORTED_SERVICE`.
 */
export function choosePacker(service: ResolvedService): PackerChoice {
  const unsupported = (what: string, hint: string) => ({
    problem: problem(
      'PACKAGE_UNSUPPORTED_SERVICE',
      `svcpack cannot package the service "${service.name}" yet: ${what}.`,
      { pointer: `/experimentalServices/${service.name}`, value: service.name, hint },
    ),
  });

  if (service.type !== 'web') {
    return unsupported(
      `it is a ${service.type} service, and svcpack packages only web services so far`,
      'Package the other services with --service NAME, and deploy this one on its own.',
    );
  }
  if (service.runtime === null || !['node', 'python', 'go'].includes(service.runtime)) {
    return unsupported(
      `its runtime is ${service.runtime === null ? 'unknown' : `"${service.runtime}"`}, and svcpack packages node, python and go services`,
      'Set "runtime" to node, python or go if the service is one of them, or leave it out with --service.',
    );
  }

  const rule = PACKERS.find((candidate) => candidate.matches(service));
  if (rule?.packer === packNode && TS_EXTENSIONS.has(extname(service.entrypoint))) {
    return unsupported(
      `its entry "${service.entrypoint}" is TypeScript, which Node 20 does not run`,
      'Compile it in "buildCommand" and point "entrypoint" at the JavaScript it emits.',
    );
  }
  if (rule === undefined) {
    const slug = service.framework?.slug ?? 'none';
    return unsupported(
      `no packer serves the framework "${slug}" on the ${service.runtime} runtime`,
      'Point the entrypoint at a server file (a bare runtime service), or leave it out with --service.',
    );
  }
  return { packer: rule.packer, label: rule.label };
}

/** A missing framework means the bare runtime, which its packer serves. */
function isAmong(slug: string | undefined, slugs: ReadonlySet<string>): boolean {
  return slug === undefined || slugs.has(slug);
}
