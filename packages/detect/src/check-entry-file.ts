import { posix } from 'node:path';
import type { DetectFileSystem } from './file-system.js';
import type { EntryFile } from './find-entry-file.js';
import {
  type FoundPythonApp,
  MAX_DEPTH,
  MAX_FILES_READ,
  type PythonAppSearch,
} from './find-python-app.js';
import { findRequestHandlerClass, mayBindApp } from './find-python-handler.js';
import type { FrameworkInfo } from './framework-catalog.js';
import type { ServiceReporter } from './service-reporter.js';
import type { FrameworkCandidate, Runtime } from './types.js';
import type { ServiceConfig } from './validate-service.js';

/** The service whose entry file is checked, and what detection found for it. */
export interface EntryFileContext {
  config: ServiceConfig;
  framework: FrameworkInfo;
  /** The candidate of `framework`, for its evidence; `null` for a bare runtime preset. */
  candidate: FrameworkCandidate | null;
}

/** How many file names a message lists before it says "and N more". */
const LISTED = 5;

/** A binding that builds the app of each Python framework, for messages and hints. */
const APP_EXAMPLES: Record<string, string> = {
  fastapi: 'app = FastAPI()',
  flask: 'app = Flask(__name__)',
  fasthtml: 'app, rt = fast_app()',
  django: 'application = get_wsgi_application()',
};

/**
 * Turns what {@link findEntryFile} found in a backend directory into the file
 * to start, reporting how sure that is: a guessed Python module is a warning
 * (`DETECT_ENTRY_FILE_GUESSED`, with the config that pins it); several modules binding an
 * app (`DETECT_AMBIGUOUS_ENTRY_FILE`) or none (`DETECT_NO_ENTRY_FILE`) are errors that list
 * what was read. `null` when an error was reported.
 */
export async function checkEntryFile(
  fs: DetectFileSystem,
  found: EntryFile,
  context: EntryFileContext & { directory: string; runtime: Runtime },
  errors: ServiceReporter,
  warnings: ServiceReporter,
): Promise<string | null> {
  const { config, directory, runtime } = context;
  const field = config.entrypoint === null ? [] : ['entrypoint'];

  if (found.status === 'found') {
    if (found.alsoBinding?.length)
      reportEntryByOrder(found.file, found.alsoBinding, context, warnings);
    return found.file;
  }
  if (found.status === 'guessed') {
    const { app, search } = found;
    const module = moduleReference(config, app.file, app.name);
    warnings.report(
      'DETECT_ENTRY_FILE_GUESSED',
      `Service "${config.name}" has no app in the usual entry files of "${directory}"; it starts the ${context.framework.name} app found at ${describeApp(app)}, a guess from ${count(search.read.length, 'Python file')} read up to ${MAX_DEPTH} directories down.`,
      {
        field,
        value: app.file,
        expected:
          'the app in a usual entry file (app.py, main.py, index.py, server.py; also in src/, app/, api/)',
        hint: `Pin it: "entrypoint": "${pinValue(config, app.file)}"${module ? ` (or "${module}", which names the app too)` : ''}.`,
      },
    );
    return app.file;
  }
  if (found.status === 'ambiguous') {
    const { apps } = found.search;
    errors.report(
      'DETECT_AMBIGUOUS_ENTRY_FILE',
      `Directory "${directory}" of service "${config.name}" has no app in its usual entry files, and ${apps.length} modules below it bind one: ${apps.map(describeApp).join(', ')}.`,
      {
        field,
        value: apps.map((app) => `${app.file}:${app.line}`),
        expected: 'exactly one module binding the app',
        hint: `Pin the one to start, e.g. "entrypoint": "${pinValue(config, (apps[0] as FoundPythonApp).file)}".`,
      },
    );
    return null;
  }
  if (runtime === 'python' && found.search) {
    await reportNoPythonApp(fs, directory, found.tried, found.search, context, errors);
  } else {
    reportNoEntryFile(directory, runtime, context, errors);
  }
  return null;
}

/**
 * Several usual entry files bind an app: the first in the usual order is started (as
 * Vercel starts it), which a user with two apps may not expect, so it is said, with the
 * config that picks another (`DETECT_ENTRY_FILE_BY_ORDER`, a warning).
 */
function reportEntryByOrder(
  file: string,
  others: readonly string[],
  context: EntryFileContext & { directory: string },
  warnings: ServiceReporter,
) {
  const { config, directory } = context;
  const other = others[0] as string;
  warnings.report(
    'DETECT_ENTRY_FILE_BY_ORDER',
    `Directory "${directory}" of service "${config.name}" has an app in ${[file, ...others].join(', ')}; ${file} is started, the first in the usual order (app.py, main.py, index.py, server.py, asgi.py, wsgi.py; then in src/, app/, api/).`,
    {
      field: config.entrypoint === null ? [] : ['entrypoint'],
      value: [file, ...others],
      expected: 'one usual entry file binding the app',
      hint: `If another is the app to serve, pin it: "entrypoint": "${pinValue(config, other)}"; else remove the app it does not need.`,
    },
  );
}

/**
 * A Python file entrypoint that binds no app (no known constructor, no `app` or
 * `application`, no star import) cannot be served: the launcher would look for `app` and
 * fail at start. A warning (`DETECT_NO_APP_OBJECT`), since the app may be bound in a way a
 * look at the text cannot see; `module:attr` names it and skips this check.
 */
export async function checkPythonApp(
  fs: DetectFileSystem,
  file: string,
  context: EntryFileContext,
  warnings: ServiceReporter,
): Promise<void> {
  const source = await fs.readFile(file);
  if (source === null || mayBindApp(source)) return;

  const { config, framework, candidate } = context;
  const example = appExample(framework.slug);
  const detected = candidate
    ? `${framework.name} is detected (${evidenceOf(candidate)}), but `
    : '';
  const handlerClass = findRequestHandlerClass(source);
  const instead = handlerClass
    ? `; line ${handlerClass.line} defines class ${handlerClass.name}(BaseHTTPRequestHandler), a request handler for http.server, not an ASGI or WSGI app`
    : '';
  const module = moduleReference(config, file, 'app');
  warnings.report(
    'DETECT_NO_APP_OBJECT',
    `Entrypoint "${file}" of service "${config.name}" binds no app object at top level, so the bundle would fail at start: ${detected}the file has no "${example}"${instead}.`,
    {
      field: ['entrypoint'],
      value: file,
      expected: `a top-level app object (${example})`,
      hint: `Create the app at top level in "${file}" (${example})${module ? `, or, if it is bound in a way detect cannot see, name it: "entrypoint": "${module}"` : ''}.`,
    },
  );
}

async function reportNoPythonApp(
  fs: DetectFileSystem,
  directory: string,
  tried: string[],
  search: PythonAppSearch,
  { config, framework, candidate }: EntryFileContext,
  errors: ServiceReporter,
) {
  const example = appExample(framework.slug);
  const detected = candidate
    ? `${framework.name} is detected (${evidenceOf(candidate)}), but `
    : '';
  const notes: string[] = [];
  for (const file of tried) {
    const source = await fs.readFile(file);
    const handlerClass = source === null ? null : findRequestHandlerClass(source);
    if (handlerClass) {
      notes.push(
        `${file}:${handlerClass.line} defines class ${handlerClass.name}(BaseHTTPRequestHandler), a request handler for http.server, not an ASGI or WSGI app`,
      );
    }
  }
  const usual =
    tried.length > 0
      ? `the usual entry ${tried.length > 1 ? 'files' : 'file'} ${listed(tried)}`
      : 'no usual entry file (app.py, main.py, index.py, server.py; also in src/, app/, api/)';
  const others =
    search.read.length > 0
      ? `${count(search.read.length, 'other Python file')} (${listed(search.read)})`
      : 'no other Python file';
  const capped = search.capped ? `, stopping at the cap of ${MAX_FILES_READ} files` : '';
  const pin = pinValue(config, tried[0] ?? posix.join(directory, 'main.py'));
  errors.report(
    'DETECT_NO_ENTRY_FILE',
    `Directory "${directory}" of service "${config.name}" holds no app to start: ${detected}no Python file binds one at top level (${example}). Read: ${usual}, and ${others} up to ${MAX_DEPTH} directories below "${directory}"${capped} (tests, environments and dependencies are skipped)${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.`,
    {
      field: config.entrypoint === null ? [] : ['entrypoint'],
      value: [...tried, ...search.read],
      expected: `a module binding the app at top level (${example})`,
      hint: `Create the app at top level (${example}) in the module that serves requests, then pin it: "entrypoint": "${pin}".`,
    },
  );
}

function reportNoEntryFile(
  directory: string,
  runtime: Runtime,
  { config }: EntryFileContext,
  errors: ServiceReporter,
) {
  const examples =
    runtime === 'python'
      ? 'main.py or app.py'
      : 'index.js, server.js or app.js, or a package.json "main"';
  errors.report(
    'DETECT_NO_ENTRY_FILE',
    `Directory "${directory}" of service "${config.name}" holds no entry file to start.`,
    {
      field: config.entrypoint === null ? [] : ['entrypoint'],
      value: directory,
      expected: `a ${runtime} entry file (${examples})`,
      hint: `Point "entrypoint" at the file that creates the app, e.g. "${directory}/${runtime === 'python' ? 'main.py' : 'index.js'}".`,
    },
  );
}

function appExample(slug: string): string {
  return APP_EXAMPLES[slug] ?? 'app = FastAPI() or app = Flask(__name__)';
}

/** `api/solver/main.py:231 (app = FastAPI(...))`. */
function describeApp(app: FoundPythonApp): string {
  return `${app.file}:${app.line} (${app.name} = ${app.callee}(...))`;
}

/** The candidate's first matched evidence: `fastapi==0.115.0 at api/requirements.txt:1`. */
function evidenceOf(candidate: FrameworkCandidate): string {
  const first = candidate.evidence.find((item) => item.matched) ?? candidate.evidence[0];
  if (!first) return candidate.slug;
  const where = first.file ? ` at ${first.file}${first.line ? `:${first.line}` : ''}` : '';
  return `${first.detail}${where}`;
}

/** `file` as `entrypoint` is written: relative to the service's `root`. */
function pinValue(config: ServiceConfig, file: string): string {
  return posix.relative(config.root, file);
}

/** `file` as a `module.path:attr` entrypoint, or `null` when a segment is no identifier. */
function moduleReference(config: ServiceConfig, file: string, attribute: string): string | null {
  const parts = pinValue(config, file).replace(/\.py$/, '').split('/');
  return parts.every((part) => /^[A-Za-z_]\w*$/.test(part))
    ? `${parts.join('.')}:${attribute}`
    : null;
}

function listed(files: readonly string[]): string {
  const shown = files.slice(0, LISTED).join(', ');
  return files.length > LISTED ? `${shown} and ${files.length - LISTED} more` : shown;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
