import type { Problem } from './types.js';

/**
 * Every code svcpack can report, with what it means. Codes never change once shipped;
 * where the rule is Vercel's, the code is Vercel's so users can search for it.
 * `test/error-codes.test.ts` checks that each one is documented and reachable.
 */
export const ERROR_CODES = {
  CONFIG_NOT_FOUND: 'Neither vercel.json nor vercel.toml exists in the project root.',
  INVALID_VERCEL_JSON: 'vercel.json is not valid JSON.',
  CONFIG_NOT_A_FILE:
    'vercel.json (or vercel.toml) in the project root is a directory, a symbolic link to nothing or another entry that gives no text, so no config can be read from it or written to it.',
  CONFIG_NOT_UTF8:
    'The config file is not UTF-8: UTF-16 or UTF-32, a NUL byte, or bytes no UTF-8 character has (a literal U+FFFD counts as one).',
  CONFIG_WRITE_FAILED:
    '`detect --write-config` could not write vercel.json (no write permission, a read-only disk).',
  CONFIG_NO_SERVICES: 'The config declares no experimentalServices.',
  CONFIG_INVALID_SERVICES: 'experimentalServices is not an object of service configs.',
  CONFIG_UNKNOWN_FIELD: 'A service config holds a key svcpack does not know.',
  CONFIG_INVALID_FIELD_TYPE: 'A service field has the wrong JSON type.',
  CONFIG_INVALID_ROUTE_PREFIX: 'A route prefix holds characters or segments that are not allowed.',
  CONFIG_DUPLICATE_KEY:
    'A key appears twice in one object of vercel.json: an error in the services map or a service, else a warning (the last one is read).',
  CONFIG_SERVICE_NAME_CASE_CONFLICT:
    'Two service names differ only in case, so their bundle directories collide on a case-insensitive filesystem.',
  CONFIG_VALUE_TOO_LONG: 'A string field is longer than Vercel accepts.',
  CONFIG_FIELD_NOT_FOR_TYPE:
    'A field is set on a service type that does not take it (schedule on a web service).',
  CONFIG_INVALID_REWRITE:
    'A top-level rewrite that sends to a service is malformed (services dialect).',
  CONFIG_REWRITE_UNKNOWN_SERVICE: 'A top-level rewrite sends to a service that is not declared.',
  INVALID_MOUNT: 'mount is neither a path string nor an object of path and subdomain.',
  INVALID_CRON_SCHEDULE: 'A schedule is not a five-field cron expression.',
  MISSING_QUEUE_TOPICS: 'A job triggered by a queue has no topics.',
  INVALID_ENV_VARS: 'env is not an object.',
  INVALID_ENV_VAR_NAME: 'A key of env is not an environment variable name.',
  INVALID_ENV_VAR: 'A value of env is not an object.',
  INVALID_ENV_VAR_TYPE: 'An env value has a type other than service-ref.',
  INVALID_ENV_VAR_REF: 'An env service ref names no service.',
  UNKNOWN_SERVICE_REF: 'An env service ref names a service that is not declared.',
  INVALID_SERVICE_REF_TYPE:
    'An env service ref names a cron, worker or job service, which has no URL.',
  MISSING_ROOT: 'A service of the services dialect has no root.',
  INVALID_SERVICE_BINDING_NAME: 'The env of a binding is not an environment variable name.',
  SERVICES_BINDING_UNKNOWN_SERVICE: 'A binding names a service that is not declared.',
  SERVICES_AND_BUILDS: 'services is used together with builds.',
  SERVICES_AND_TOP_LEVEL_BUILD_SETTINGS:
    'services is used together with top-level build settings (functions, buildCommand, …).',
  SERVICES_AND_EXPERIMENTAL_SERVICES_V2:
    'The config uses both services and its alias experimentalServicesV2.',
  EXPERIMENTAL_SERVICES_V2_AND_EXPERIMENTAL_SERVICES:
    'The config uses both experimentalServicesV2 and experimentalServices.',
  EXPERIMENTAL_SERVICES_AND_BUILDS: 'experimentalServices is used together with builds.',
  EXPERIMENTAL_SERVICES_AND_FUNCTIONS: 'experimentalServices is used together with functions.',
  INVALID_SERVICE_NAME: 'A service name breaks the naming rule.',
  INVALID_SERVICE_CONFIG: 'A service config is not an object.',
  INVALID_MEMORY: 'memory is outside 128–10240 MB.',
  INVALID_MAX_DURATION: 'maxDuration is outside 1–900 seconds.',
  INVALID_SERVICE_TYPE: 'type is not one of web, cron, worker, job.',
  MISSING_ROUTE_PREFIX: 'A web service has no routePrefix.',
  RESERVED_ROUTE_PREFIX: 'A route prefix lies in the reserved /_svc namespace.',
  INVALID_ROUTE_PREFIX: 'A worker, cron or job service has a route prefix.',
  DUPLICATE_ROUTE_PREFIX: 'Two web services have the same normalised route prefix.',
  INVALID_RUNTIME: 'runtime is not one of node, python, go, ruby, rust, container.',
  INVALID_FRAMEWORK: 'framework is not a known @vercel/frameworks slug.',
  RUNTIME_FRAMEWORK_MISMATCH: 'The framework implies a runtime other than the one given.',
  RUNTIME_ENTRYPOINT_MISMATCH:
    "runtime, or the framework's runtime, differs from the one the entrypoint file's extension implies.",
  MISSING_SERVICE_CONFIG: 'A service gives none of entrypoint, framework, runtime, builder.',
  ENTRYPOINT_NOT_FOUND: 'The entrypoint does not exist.',
  UNSUPPORTED_ENTRYPOINT: 'A file entrypoint whose extension maps to no runtime.',
  MISSING_SERVICE_FRAMEWORK: 'No framework was detected in a directory entrypoint.',
  MULTIPLE_FRAMEWORKS_SERVICE: 'Several frameworks were detected and nothing ranks them apart.',
  DETECT_AMBIGUOUS_FRAMEWORK: 'A file entrypoint fell back to its bare runtime: frameworks tied.',
  DETECT_NO_ENTRY_FILE: 'A backend directory holds no entry file svcpack can start.',
  DETECT_ENTRY_FILE_GUESSED:
    'No usual entry file of a Python directory binds an app; the one module a bounded search found binding it is started (a warning).',
  DETECT_ENTRY_FILE_BY_ORDER:
    'Several usual entry files of a Python directory bind an app; the first in the usual order is started (a warning).',
  DETECT_AMBIGUOUS_ENTRY_FILE:
    'No usual entry file of a Python directory binds an app, and several modules below it do.',
  DETECT_AMBIGUOUS_GO_MAIN:
    'A Go directory service has no main.go at its top and several main packages in cmd/.',
  DETECT_NO_APP_OBJECT:
    'A Python file entrypoint binds no app object at top level, so its bundle would fail at start (a warning).',
  DETECT_UNKNOWN_SERVICE: 'A --service name is not declared in the config.',
  DETECT_UNREADABLE_MANIFEST:
    'A manifest or lockfile detection read for a service does not parse, or parses to the wrong shape; detection ignored it (a warning).',
  DETECT_INVALID_REQUIREMENT:
    'A line of requirements*.txt, or a string of pyproject.toml, is no PEP 508 requirement; detection did not count it (a warning).',
  DETECT_PACKAGE_MANAGER_CONFLICT:
    'Files beside the lockfile that decided the package manager name another one.',
  DETECT_SERVICES_INFERRED:
    'The config declares no services; detect found them in the workspace and proposes a config.',
  INVALID_VERCEL_TOML: 'vercel.toml (read when there is no vercel.json) is not valid TOML.',
  SERVICES_AND_EXPERIMENTAL_SERVICES: 'The config uses both services and experimentalServices.',
  INVALID_ROOT: 'A service root is absolute or leaves the project.',
  ROOT_NOT_FOUND: 'A service root does not exist.',
  ROOT_NOT_DIRECTORY: 'A service root is a file, not a directory.',
  INVALID_ENTRYPOINT: 'An entrypoint is absolute or leaves the project.',
  MISSING_ENTRYPOINT: 'A service gives a runtime or builder but no entrypoint or framework.',
  CONFLICTING_MOUNT_CONFIG: 'mount is used together with routePrefix or subdomain.',
  INVALID_SUBDOMAIN: 'A subdomain is not a single DNS label.',
  INVALID_HOST_ROUTING_CONFIG: 'A worker, cron or job service has a subdomain.',
  MISSING_JOB_TRIGGER: 'A job service has no trigger.',
  INVALID_JOB_TRIGGER: 'trigger is not one of schedule, queue, workflow.',
  MISSING_CRON_SCHEDULE: 'A cron service has no schedule.',
  MISSING_JOB_SCHEDULE: 'A job triggered by a schedule has no schedule.',
  INVALID_COMMAND: 'command is set on a service whose runtime is not container.',
  DETECT_MISSING_BASE_PATH: 'A Next.js app served below a prefix does not set basePath to it.',
  PACKAGE_UNSUPPORTED_SERVICE: 'svcpack cannot package this kind of service yet.',
  PACKAGE_DEPENDENCIES_NOT_INSTALLED: 'node_modules is missing where the service needs it.',
  PACKAGE_BUILD_FAILED: "A framework's build command failed.",
  PACKAGE_NEXT_NOT_STANDALONE: "A Next.js app does not set output: 'standalone'.",
  PACKAGE_NEXT_NOT_BUILT: 'A Next.js app has no build output (.next) to package.',
  PACKAGE_NEXT_NO_BASE_PATH: 'A Next.js app under a route prefix other than / lacks that basePath.',
  PACKAGE_NEXT_ENV_FILE_DROPPED: 'A .env file in the Next.js standalone output was left out.',
  PACKAGE_NEXT_TRACING_ROOT: 'A Next.js outputFileTracingRoot is not the project root.',
  PACKAGE_NEXT_ABSOLUTE_PATH: 'Files of the Next.js output still hold the absolute build path.',
  PACKAGE_TRACE_FAILED: 'Dependency tracing could not resolve a module the service imports.',
  PACKAGE_PYTHON_NOT_FOUND: 'No Python interpreter or environment provides the dependencies.',
  PACKAGE_PYTHON_DEPENDENCY_MISSING: 'A declared Python dependency is installed nowhere.',
  PACKAGE_PYTHON_INVALID_REQUIREMENT:
    'A line of requirements.txt or pyproject.toml is not PEP 508.',
  PACKAGE_PYTHON_UNCHECKED_REQUIREMENT:
    'A requirement with no project name (a path, -e) went unchecked.',
  PACKAGE_PYTHON_FILES_UNKNOWN:
    'An installed Python distribution does not list the files it installed.',
  PACKAGE_PYTHON_ABI_MISMATCH:
    'A copied extension module targets another Python than the chosen one.',
  PACKAGE_PYTHON_NO_SERVER:
    'The bundle of a Python app holds no server to run it (uvicorn for ASGI).',
  PACKAGE_PYTHON_UNDECLARED_IMPORT:
    "The service's own Python code imports a module that neither the standard library, the service's own files nor a distribution of its requirements provides, so the bundle would stop at start with ModuleNotFoundError.",
  PACKAGE_GO_NOT_FOUND: 'The go toolchain is not installed.',
  PACKAGE_GO_BUILD_FAILED: 'go build failed.',
  PACKAGE_GO_NO_MODULE: 'A Go service has no go.mod in its package directory or above it.',
  PACKAGE_GO_NOT_MAIN: 'The Go package a service points at is not package main.',
  PACKAGE_GO_CGO: 'A Go service needs cgo, which a static CGO_ENABLED=0 build leaves out.',
  PACKAGE_OUT_NOT_OUTPUT: '--out names a directory that is not an earlier svcpack output.',
  PACKAGE_OUT_INSIDE_SERVICE: '--out lies inside a directory that would be packaged.',
  PACKAGE_INVALID_SYMLINK: 'A symlink to package points outside the bundle or at nothing packaged.',
  PACKAGE_PATH_CONFLICT: 'Two files to package claim the same bundle path.',
  PACKAGE_SERVICE_OUTPUT_MISSING: 'routes.json names a service whose output is not packaged yet.',
  PACKAGE_OUT_IS_PROJECT: '--out names the project root, which packaging would replace.',
  PACKAGE_ROUTE_SUBDOMAIN_ONLY: 'A web service has only a subdomain: routes.json cannot route it.',
  PACKAGE_INCLUDE_OUTSIDE_PROJECT: 'An includeFiles pattern reaches a file above the project root.',
  PACKAGE_INCLUDE_MATCHED_NOTHING: 'An includeFiles pattern matches no file (a warning).',
  PACKAGE_SYNTAX_ERROR: "A JavaScript file of the service does not parse (nft's parser, acorn).",
  PACKAGE_PYTHON_SYNTAX_ERROR: 'A Python file of the service does not compile with its Python.',
  PACKAGE_UNREADABLE_FILE_NAME:
    'A file or directory to package has a name that is not valid UTF-8 (no place in JSON).',
  CLI_UNKNOWN_OPTION: 'An unknown flag or a bad flag value.',
  CLI_INVALID_DIRECTORY: 'The project directory given does not exist or is not a directory.',
  CLI_INTERRUPTED: 'The run was stopped by a signal.',
  CLI_INTERNAL_ERROR: 'A bug in svcpack: the stack is printed; please report it.',
} as const;

/** A stable svcpack error or warning code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Where a problem is, and what was given and accepted there. */
export interface ProblemDetails {
  hint?: string | null;
  file?: string | null;
  pointer?: string | null;
  line?: number | null;
  column?: number | null;
  value?: unknown;
  expected?: string | null;
  suggestion?: string | null;
}

/** Builds a {@link Problem} with every field present, `null` where it does not apply. */
export function problem(code: ErrorCode, message: string, details: ProblemDetails = {}): Problem {
  return {
    code,
    message: clip(message),
    hint: details.hint ?? null,
    file: details.file ?? null,
    pointer: details.pointer ?? null,
    line: details.line ?? null,
    column: details.column ?? null,
    value:
      details.value === undefined
        ? null
        : typeof details.value === 'string'
          ? clip(details.value)
          : details.value,
    expected: details.expected ?? null,
    suggestion: details.suggestion ?? null,
  };
}

/** The longest text a problem repeats from the input (a 2 MB string value, say). */
const MAX_ECHO = 1000;

/** `text`, cut to its start with the count of what was left out when it is too long to echo. */
function clip(text: string): string {
  if (text.length <= MAX_ECHO) return text;
  return `${text.slice(0, MAX_ECHO - 40)}… (${text.length - (MAX_ECHO - 40)} more characters)`;
}

/**
 * The one error class of svcpack: a user-fixable failure with a stable code. It carries
 * every problem of the run, sorted by position; anything thrown that is not a
 * `SvcpackError` is a bug.
 */
export class SvcpackError extends Error {
  override readonly name = 'SvcpackError';
  readonly code: ErrorCode;
  readonly problems: Problem[];

  constructor(problems: Problem[] | Problem) {
    const list = sortProblems(Array.isArray(problems) ? problems : [problems]);
    const first = list[0];
    if (first === undefined) throw new TypeError('SvcpackError needs at least one problem');
    super(first.message);
    this.code = first.code as ErrorCode;
    this.problems = list;
  }

  /** Shorthand for a single problem. */
  static of(code: ErrorCode, message: string, details?: ProblemDetails): SvcpackError {
    return new SvcpackError(problem(code, message, details));
  }

  /** The next step for the first problem. */
  get hint(): string | null {
    return this.problems[0]?.hint ?? null;
  }
}

/** Returns whether `value` is a {@link SvcpackError} (also across package copies). */
export function isSvcpackError(value: unknown): value is SvcpackError {
  return value instanceof Error && value.name === 'SvcpackError' && 'problems' in value;
}

/** Sorts problems by file, line, column, then code: the order SPEC §2.1 requires. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compare(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compare(a.code, b.code),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
