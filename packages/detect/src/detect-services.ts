import {
  type DiscoveredService,
  discoverServices,
  inferredServicesNotice,
} from './discover-services.js';
import { problem, sortProblems } from './errors.js';
import { explainFrameworks, type FrameworkExplanation } from './explain-frameworks.js';
import { createNodeFileSystem, type DetectFileSystem } from './file-system.js';
import { FRAMEWORKS } from './framework-catalog.js';
import { createListingFileSystem } from './listing-file-system.js';
import { loadConfig } from './load-config.js';
import { nearestMatch } from './nearest-match.js';
import { renderServicesConfig } from './render-services-config.js';
import { resolveService } from './resolve-service.js';
import type { DetectResult, Problem, ResolvedService } from './types.js';
import { unreadableProblems } from './unreadable-files.js';
import { validateConfig } from './validate-config.js';

/** Options of {@link detectServices}. */
export interface DetectOptions {
  /** Absolute path of the project root (the directory holding vercel.json). */
  root: string;
  /** File access; defaults to the real disk under `root`. */
  fs?: DetectFileSystem;
  /** Only these services (by name); all when empty or absent. */
  services?: readonly string[];
  /**
   * When the config declares no services (or there is no vercel.json), find them in the
   * workspace and resolve those, as if the proposed config were written (`svcpack
   * detect` sets this; `package` does not, so it never packages a guess).
   */
  inferServices?: boolean;
  /** Also evaluate every framework rule in each service's workspace (`explanations`). */
  explain?: boolean;
}

/** The config {@link detectServices} proposes when it found services without one. */
export interface InferredConfig {
  /** Project-relative path of the file the proposal is for. */
  file: 'vercel.json';
  /** Its full new text: the current file with `experimentalServices` set. */
  text: string;
  services: DiscoveredService[];
}

/** What {@link detectServices} returns: the `detect` result and its problems. */
export interface DetectServicesResult {
  /**
   * The services that resolved without error, sorted by name; `null` when the config
   * itself could not be read (missing, invalid JSON, no services). A service with an
   * error is left out while the others still resolve, so callers must treat non-empty
   * `errors` as a failed run (`package` refuses to start).
   */
  result: DetectResult | null;
  /** Every error of the run, sorted by file, line, column. */
  errors: Problem[];
  warnings: Problem[];
  /** Project-relative name of the config file read (`vercel.json`), or `null`. */
  configFile: string | null;
  /** Set when the services were found without config (`inferServices`); else absent. */
  inferred?: InferredConfig;
  /**
   * With `explain`: per service name, every framework's rules evaluated in its
   * workspace, matched or not, and why not.
   */
  explanations?: Record<string, FrameworkExplanation[]>;
}

/**
 * Reads the project's services config, validates it and resolves every service.
 * Never throws for user errors: they come back in `errors`.
 *
 * Every service's config is checked, even with `services` set (the config is one file
 * and `routes.json` covers all web services); only the selected services are resolved
 * against the files and returned.
 */
export async function detectServices(options: DetectOptions): Promise<DetectServicesResult> {
  const fs = createListingFileSystem(options.fs ?? createNodeFileSystem(options.root));
  const detected = await detectOrInfer(fs, options);
  if (!options.explain) return detected;
  const explanations: Record<string, FrameworkExplanation[]> = {};
  for (const service of detected.result?.services ?? []) {
    explanations[service.name] = await explainFrameworks(fs, service.workspace, FRAMEWORKS);
  }
  return { ...detected, warnings: withUnreadable(fs, detected.warnings), explanations };
}

async function detectOrInfer(
  fs: DetectFileSystem,
  options: DetectOptions,
): Promise<DetectServicesResult> {
  const configured = await detectConfigured(fs, options);
  const code = configured.errors[0]?.code;
  const undeclared = code === 'CONFIG_NOT_FOUND' || code === 'CONFIG_NO_SERVICES';
  if (!options.inferServices || configured.result !== null || !undeclared) return configured;
  if (configured.configFile === 'vercel.toml') return configured;

  const discovered = await discoverServices(fs);
  // A workspace file that did not parse may be why nothing was found: say so.
  if (discovered.length === 0) {
    return { ...configured, warnings: withUnreadable(fs, configured.warnings) };
  }
  const text = renderServicesConfig(await fs.readFile('vercel.json'), discovered);
  const inferred = await detectConfigured(overlayConfig(fs, text), options);
  const notice = inferredServicesNotice(
    discovered,
    code === 'CONFIG_NOT_FOUND' ? null : 'vercel.json',
  );
  return {
    ...inferred,
    warnings: withUnreadable(fs, sortProblems([notice, ...inferred.warnings])),
    inferred: { file: 'vercel.json', text, services: discovered },
  };
}

/**
 * `warnings` and the unreadable files that only a step outside the configured detection
 * read (finding services, explanations), each once.
 */
function withUnreadable(fs: DetectFileSystem, warnings: Problem[]): Problem[] {
  const key = (item: Problem) => `${item.code}\0${item.file}\0${item.line}`;
  const seen = new Set(warnings.map(key));
  const added = unreadableProblems(fs).filter((item) => !seen.has(key(item)));
  return added.length === 0 ? warnings : sortProblems([...warnings, ...added]);
}

/** `fs` with vercel.json replaced by `text`: detection as if the proposal were written. */
function overlayConfig(fs: DetectFileSystem, text: string): DetectFileSystem {
  return {
    readFile: (path) => (path === 'vercel.json' ? Promise.resolve(text) : fs.readFile(path)),
    kind: (path) => (path === 'vercel.json' ? Promise.resolve('file') : fs.kind(path)),
    readdir: async (path) => {
      const names = await fs.readdir(path);
      return path === '.' && !names.includes('vercel.json')
        ? [...names, 'vercel.json'].sort()
        : names;
    },
  };
}

async function detectConfigured(
  fs: DetectFileSystem,
  options: DetectOptions,
): Promise<DetectServicesResult> {
  const loaded = await loadConfig(fs);
  if (!loaded.document) {
    return {
      result: null,
      errors: [loaded.problem],
      warnings: [],
      configFile: loaded.problem.file,
    };
  }

  const document = loaded.document;
  const configFile = document.file;
  const checked = validateConfig(document);
  if (checked.fatal)
    return { result: null, errors: sortProblems(checked.problems), warnings: [], configFile };

  const errors = [...checked.problems];
  const warnings: Problem[] = [...checked.warnings];
  const validated = checked.services;
  const declared = validated.map((entry) => entry.name);
  const selected = new Set(options.services?.length ? options.services : declared);
  const known = new Set(declared);
  for (const name of selected) {
    if (!known.has(name)) errors.push(unknownService(name, declared, configFile));
  }

  const failed = checked.failed;

  const services: ResolvedService[] = [];
  const resolvable = validated.filter(
    (entry) => entry.resolvable && entry.config && selected.has(entry.name),
  );
  // One service after the other: the reads behind `fs` are cached and mostly synchronous,
  // so running them all at once gains nothing and keeps every service's intermediate
  // state alive together (1,000 services: ~20 MiB more at the peak).
  const results = [];
  for (const entry of resolvable) {
    results.push(
      await resolveService(fs, document, entry.config as NonNullable<typeof entry.config>),
    );
  }
  for (const [index, outcome] of results.entries()) {
    errors.push(...outcome.errors.map((item) => document.restyle(item)));
    warnings.push(...outcome.warnings.map((item) => document.restyle(item)));
    if (outcome.service && !failed.has(resolvable[index]?.name ?? ''))
      services.push(outcome.service);
  }

  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Manifests the services' resolution read and could not use, each file once for the run.
  warnings.push(...unreadableProblems(fs));
  return {
    result: { services },
    errors: sortProblems(errors),
    warnings: sortProblems(warnings),
    configFile,
  };
}

function unknownService(name: string, declared: string[], configFile: string): Problem {
  const suggestion = nearestMatch(name, declared);
  return problem('DETECT_UNKNOWN_SERVICE', `No service "${name}" is declared in ${configFile}.`, {
    value: name,
    expected: `one of ${declared.join(', ')}`,
    suggestion,
    hint: suggestion ? `Did you mean "${suggestion}"?` : `Pick one of ${declared.join(', ')}.`,
  });
}
