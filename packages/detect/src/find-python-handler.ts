/**
 * Constructors of Python web apps, and how a module binds one at top level:
 * `app = FastAPI(...)`, `app: FastAPI = fastapi.FastAPI(...)`, `app, rt = fast_app()`,
 * Django's `application = get_wsgi_application()`.
 */
const APP_BINDING =
  /^([A-Za-z_]\w*)\s*(?::[^=\n]+)?(?:,\s*[A-Za-z_]\w*\s*)*=\s*(?:[A-Za-z_]\w*\.)*(?:FastAPI|Flask|FastHTML|fast_app|Starlette|Quart|get_wsgi_application|get_asgi_application)\(/m;

/**
 * The name a Python module binds its app object to, from a look at its top-level
 * assignments; `null` when none is found. A regex, not a parser: an app built inside a
 * function or behind a factory is not seen, and the caller falls back to `app`.
 */
export function findPythonHandler(source: string): string | null {
  return APP_BINDING.exec(source)?.[1] ?? null;
}
