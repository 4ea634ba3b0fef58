import type { DetectFileSystem } from './file-system.js';
import { type FoundPythonApp, findPythonApps, type PythonAppSearch } from './find-python-app.js';
import { appConstructors, findAppBinding, mayBindApp } from './find-python-handler.js';
import { joinProjectPath, normalizeProjectPath } from './project-path.js';
import { readJsonFile } from './read-json-file.js';
import { RUNTIME_EXTENSIONS } from './resolve-runtime.js';
import type { FrameworkCandidate, Runtime } from './types.js';

/** Where a Python app usually lives in its directory, in the order they are tried. */
const PYTHON_ENTRIES = ['', 'src/', 'app/', 'api/'].flatMap((directory) =>
  ['app.py', 'main.py', 'index.py', 'server.py', 'asgi.py', 'wsgi.py'].map(
    (file) => directory + file,
  ),
);

/** What {@link findEntryFile} found in a backend directory. */
export type EntryFile =
  /**
   * One of the usual entry files, or what the framework's evidence points at. Python:
   * `alsoBinding` are the later usual files that bind an app too (the first in order is
   * started, as Vercel starts it).
   */
  | { status: 'found'; file: string; alsoBinding?: string[] }
  /** Python: no usual file binds an app; the bounded search found exactly one module that does. */
  | { status: 'guessed'; file: string; app: FoundPythonApp; search: PythonAppSearch }
  /** Python: the search found several modules binding an app; none is picked. */
  | { status: 'ambiguous'; search: PythonAppSearch }
  /** Nothing to start. Python: `tried` are the usual files that exist but bind no app. */
  | { status: 'missing'; tried: string[]; search: PythonAppSearch | null };

/**
 * The file to start a backend given as a directory. Node: the file the framework
 * detector matched (the `index.js` importing express), or the entry whose relative
 * imports lead to the framework's import, else package.json `main`.
 * Python: Django's WSGI module; else the first usual entry file that binds an app object,
 * else the first that binds an app-like name (`app = create_app()`); else the one module
 * a bounded search below the directory finds binding the framework's app (`guessed`).
 */
export async function findEntryFile(
  fs: DetectFileSystem,
  directory: string,
  runtime: Runtime,
  candidate: FrameworkCandidate | null,
): Promise<EntryFile> {
  if (runtime === 'python') return findPythonEntry(fs, directory, candidate?.slug ?? 'python');
  const file = runtime === 'node' ? await findNodeEntry(fs, directory, candidate) : null;
  return file === null ? { status: 'missing', tried: [], search: null } : { status: 'found', file };
}

async function findNodeEntry(
  fs: DetectFileSystem,
  directory: string,
  candidate: FrameworkCandidate | null,
): Promise<string | null> {
  const traced = candidate?.evidence.find((item) => item.rule === 'entry' && item.file !== null);
  if (traced?.file) return traced.file;
  const matched = candidate?.evidence.find(
    (item) =>
      item.file !== null &&
      isNodeFile(item.file) &&
      (item.rule === 'content' || item.rule === 'file'),
  );
  if (matched?.file) return matched.file;
  const main = (
    (await readJsonFile(fs, joinProjectPath(directory, 'package.json'))) as {
      main?: unknown;
    } | null
  )?.main;
  const relative = typeof main === 'string' ? normalizeProjectPath(main) : null;
  if (relative === null) return null;
  const file = joinProjectPath(directory, relative);
  return (await fs.kind(file)) === 'file' ? file : null;
}

async function findPythonEntry(
  fs: DetectFileSystem,
  directory: string,
  slug: string,
): Promise<EntryFile> {
  const django = await findDjangoEntry(fs, directory);
  if (django) return { status: 'found', file: django };

  const existing: { file: string; text: string }[] = [];
  for (const entry of PYTHON_ENTRIES) {
    const file = joinProjectPath(directory, entry);
    const text = await fs.readFile(file);
    if (text !== null) existing.push({ file, text });
  }
  const [bound, ...alsoBinding] = existing.filter((item) => findAppBinding(item.text));
  if (bound) {
    return alsoBinding.length > 0
      ? { status: 'found', file: bound.file, alsoBinding: alsoBinding.map((item) => item.file) }
      : { status: 'found', file: bound.file };
  }
  const named = existing.find((item) => mayBindApp(item.text));
  if (named) return { status: 'found', file: named.file };

  const tried = existing.map((item) => item.file);
  const search = await findPythonApps(fs, directory, appConstructors(slug), new Set(tried));
  const [app, ...others] = search.apps;
  if (app && others.length === 0) return { status: 'guessed', file: app.file, app, search };
  return app ? { status: 'ambiguous', search } : { status: 'missing', tried, search };
}

function isNodeFile(file: string): boolean {
  const extension = /\.[^./]+$/.exec(file)?.[0] ?? '';
  return RUNTIME_EXTENSIONS[extension] === 'node';
}

/**
 * A Django project's WSGI (or ASGI) module: manage.py names the settings module
 * (`DJANGO_SETTINGS_MODULE`, e.g. `mysite.settings`), and the settings name the
 * application (`WSGI_APPLICATION = "mysite.wsgi.application"`). Both are read as text:
 * detect never runs Python. `null` when any step is missing.
 */
async function findDjangoEntry(fs: DetectFileSystem, directory: string): Promise<string | null> {
  const manage = await fs.readFile(joinProjectPath(directory, 'manage.py'));
  const settings = manage && /DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']/.exec(manage)?.[1];
  if (!settings) return null;
  const text = await fs.readFile(joinProjectPath(directory, modulePath(settings)));
  const application = text && /^(?:WSGI|ASGI)_APPLICATION\s*=\s*["']([\w.]+)["']/m.exec(text)?.[1];
  if (!application) return null;
  const file = joinProjectPath(directory, modulePath(application.replace(/\.\w+$/, '')));
  return (await fs.kind(file)) === 'file' ? file : null;
}

/** `mysite.settings` → `mysite/settings.py`. */
function modulePath(module: string): string {
  return `${module.replaceAll('.', '/')}.py`;
}
