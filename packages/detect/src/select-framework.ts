import { detectFrameworks, evaluateDetectors } from './detect-frameworks.js';
import type { DetectFileSystem } from './file-system.js';
import { FRAMEWORKS, type FrameworkInfo } from './framework-catalog.js';
import type { Evidence, FrameworkCandidate, Runtime } from './types.js';

/** What decides a service's framework. */
export interface SelectFrameworkOptions {
  workspace: string;
  /** A file entrypoint is a backend: only its runtime's backend frameworks are tried. */
  entryKind: 'file' | 'directory';
  runtime: Runtime | null;
  /** The framework the config pins, and the evidence of the pin. */
  pinned: { framework: FrameworkInfo; evidence: Evidence } | null;
  /** The service's `root`: hoisted dependencies are looked for up to it, not above. */
  boundary?: string;
}

/** The outcome: one framework, none, or several that nothing ranks apart. */
export interface SelectFrameworkResult {
  framework: FrameworkInfo | null;
  candidates: FrameworkCandidate[];
  /** The strongest candidates when more than one shares the top accuracy. */
  tied: FrameworkCandidate[];
}

/**
 * Picks the service's framework (SPEC §1.3): the pinned one, else the single strongest
 * candidate detected in the workspace. Candidates rank by accuracy; a tie at the top
 * is reported, never broken silently.
 */
export async function selectFramework(
  fs: DetectFileSystem,
  options: SelectFrameworkOptions,
): Promise<SelectFrameworkResult> {
  const { workspace, entryKind, runtime, pinned } = options;
  if (pinned) {
    const { evidence } = await evaluateDetectors(fs, workspace, pinned.framework);
    const candidate: FrameworkCandidate = {
      slug: pinned.framework.slug,
      accuracy: 'forced',
      evidence: [pinned.evidence, ...evidence],
    };
    return { framework: pinned.framework, candidates: [candidate], tied: [] };
  }

  const eligible = eligibleFrameworks(runtime, entryKind);
  const candidates = await detectFrameworks(fs, workspace, eligible, options.boundary);
  const top = candidates.filter((candidate) => candidate.accuracy === candidates[0]?.accuracy);
  const chosen =
    top.length === 1 ? FRAMEWORKS.find((item) => item.slug === top[0]?.slug) : undefined;
  return { framework: chosen ?? null, candidates, tied: top.length > 1 ? top : [] };
}

const eligibleLists = new Map<string, readonly FrameworkInfo[]>();

/**
 * The frameworks of `runtime` (all when `null`), only backends for a file entrypoint. One
 * list per combination, so that detection indexes each once.
 */
function eligibleFrameworks(
  runtime: Runtime | null,
  entryKind: 'file' | 'directory',
): readonly FrameworkInfo[] {
  const key = `${runtime}:${entryKind}`;
  let eligible = eligibleLists.get(key);
  if (!eligible) {
    eligible = FRAMEWORKS.filter(
      (framework) =>
        (runtime === null || framework.runtime === runtime) &&
        (entryKind === 'directory' || framework.backend),
    );
    eligibleLists.set(key, eligible);
  }
  return eligible;
}
