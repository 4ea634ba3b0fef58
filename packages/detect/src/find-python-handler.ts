import { lineAt } from './line-at.js';

/** A top-level binding of a Python web app in a module, with where it is. */
export interface PythonAppBinding {
  /** The name the app is bound to (`app`), the handler to start. */
  name: string;
  /** 1-based line of the binding. */
  line: number;
  /** The constructor called (`FastAPI`, `Flask`, …). */
  callee: string;
}

/** Constructors of Python web apps, and the ones each Python framework slug builds its app with. */
const CONSTRUCTORS = [
  'FastAPI',
  'Flask',
  'FastHTML',
  'fast_app',
  'Starlette',
  'Quart',
  'get_wsgi_application',
  'get_asgi_application',
] as const;

const FRAMEWORK_CONSTRUCTORS: Record<string, readonly string[]> = {
  fastapi: ['FastAPI'],
  flask: ['Flask'],
  fasthtml: ['FastHTML', 'fast_app'],
  django: ['get_wsgi_application', 'get_asgi_application'],
};

/**
 * How a module binds an app at top level: `app = FastAPI(...)`,
 * `app: FastAPI = fastapi.FastAPI(...)`, `app, rt = fast_app()`, Django's
 * `application = get_wsgi_application()`.
 */
const APP_BINDING = new RegExp(
  `^([A-Za-z_]\\w*)\\s*(?::[^=\\n]+)?(?:,\\s*[A-Za-z_]\\w*\\s*)*=\\s*(?:[A-Za-z_]\\w*\\.)*(${CONSTRUCTORS.join('|')})\\(`,
  'gm',
);

/**
 * A top-level name that is, by convention, the app even though no known constructor builds
 * it: `app = create_app()`, `def app(environ, start_response)`, `from .server import app`.
 */
const NAMED_APP =
  /^(?:(app|application)\s*(?::[^=\n]+)?=(?!=)|(?:async\s+)?def\s+(app|application)\s*\(|from\s+[\w.]+\s+import\s+(?:[^\n#]*,\s*)?(?:\w+\s+as\s+)?(app|application)\s*(?:,|#|$))/m;

/** `from module import *`: the module may bind an app that a look at its text cannot see. */
const STAR_IMPORT = /^from\s+[\w.]+\s+import\s+\*/m;

/** A top-level class deriving from http.server's request handler (Vercel's legacy `handler`). */
const REQUEST_HANDLER_CLASS =
  /^class\s+([A-Za-z_]\w*)\s*\(\s*(?:[\w.]+\.)?BaseHTTPRequestHandler\s*\)/m;

/**
 * The name a Python module binds its app object to, from a look at its top-level
 * assignments: a known constructor's result, else a conventional name (`app`,
 * `application`) bound some other way; `null` when there is neither. A regex, not a
 * parser: an app built inside a function or a block is not seen.
 */
export function findPythonHandler(source: string): string | null {
  return findAppBinding(source)?.name ?? namedApp(source);
}

/**
 * The first top-level binding of an app built by one of `constructors` (every known one
 * when omitted), with its line; `null` when there is none.
 */
export function findAppBinding(
  source: string,
  constructors: readonly string[] = CONSTRUCTORS,
): PythonAppBinding | null {
  for (const match of source.matchAll(APP_BINDING)) {
    const callee = match[2] as string;
    if (!constructors.includes(callee)) continue;
    return { name: match[1] as string, line: lineAt(source, match.index), callee };
  }
  return null;
}

/**
 * Whether a module may hold an app the launcher can serve: it binds one, binds a
 * conventional app name, or star-imports a module that may.
 */
export function mayBindApp(source: string): boolean {
  return findPythonHandler(source) !== null || STAR_IMPORT.test(source);
}

/** The constructors that build the app of Python framework `slug` (all known ones for others). */
export function appConstructors(slug: string): readonly string[] {
  return FRAMEWORK_CONSTRUCTORS[slug] ?? CONSTRUCTORS;
}

/**
 * A top-level `class X(BaseHTTPRequestHandler)` with its name and line: a request handler
 * for http.server, which is not an ASGI or WSGI app. `null` when there is none.
 */
export function findRequestHandlerClass(source: string): { name: string; line: number } | null {
  const match = REQUEST_HANDLER_CLASS.exec(source);
  return match ? { name: match[1] as string, line: lineAt(source, match.index) } : null;
}

function namedApp(source: string): string | null {
  const match = NAMED_APP.exec(source);
  return match ? ((match[1] ?? match[2] ?? match[3]) as string) : null;
}
