import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Problem } from '@svcpack/detect';
import { problem, SvcpackError } from '@svcpack/detect';
import type { FileSet, FileSource } from '../pack-types.js';
import { moduleOwners, topLevelNames } from './add-undeclared-imports.js';
import type { InstalledDistribution, InterpreterReport } from './query-interpreter.js';
import type { ClosureResult } from './resolve-closure.js';

/** What {@link checkOwnImports} needs. */
export interface OwnImportsOptions {
  root: string;
  service: string;
  /** Project-relative workspace: the launcher puts it first on `sys.path`. */
  workspace: string;
  /** Project-relative entry file; the scan starts there. */
  entrypoint: string;
  /** The service's files that ship, at their project-relative paths. */
  shipped: FileSet;
  /** The project-relative manifests that were read (the first one is named in hints). */
  manifests: readonly string[];
  report: InterpreterReport;
  /** How messages name the chosen interpreter (`/usr/bin/python3`). */
  interpreter: string;
  /** The completed closure: every distribution that ships. */
  closure: ClosureResult;
}

/** One unconditional import statement of a file. */
interface ImportStatement {
  /** Leading dots of a relative import (`from ..x import y` → 2), 0 for an absolute one. */
  level: number;
  /** Dotted module (`a.b`), `''` for `from . import x`. */
  module: string;
  /** Names after `from … import`, which may be submodules; empty for `import`. */
  names: string[];
  line: number;
}

/**
 * Throws `PACKAGE_PYTHON_UNDECLARED_IMPORT`, one problem per importing file and module, when
 * the service's own code imports a top-level module that nothing in the bundle provides:
 * not the standard library, not a module of the service, not a distribution of the closure.
 * Such a bundle would stop at start with `ModuleNotFoundError`, since the launcher runs with
 * `-I -S` and sees no site-packages. The files scanned are those the entry file reaches by
 * its unconditional imports of the service's own modules, read with the rule of
 * {@link addUndeclaredImports}: an import at the start of a line, not in a `try`, an `if` or
 * a function, where optional imports live. Tests and scripts the entry never imports are
 * left alone: they often import tools (pytest) that the service does not declare or need.
 * Without `sys.stdlib_module_names` (Python before 3.10) or when a shipped distribution's
 * modules are unknown (an editable install), only modules that another installed
 * distribution provides are reported, since the rest cannot be told apart.
 */
export async function checkOwnImports(options: OwnImportsOptions): Promise<void> {
  const { report, closure, shipped } = options;
  const stdlib = new Set(report.stdlibModules);
  const provided = new Set(closure.distributions.flatMap(topLevelNames));
  const owners = moduleOwners(report);
  const certain = hasStdlibNames(report.version) && !closure.distributions.some(isOpaque);
  const locals = localNames(shipped, report.extensionSuffixes);
  const entryDir = posix.dirname(options.entrypoint);

  const problems: Problem[] = [];
  const queue = shipped.has(options.entrypoint) ? [options.entrypoint] : [];
  const seen = new Set(queue);
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const source = shipped.get(file);
    if (!source) continue;
    const reported = new Set<string>();
    const dir = posix.dirname(file);
    for (const statement of importStatements(await readSource(options.root, file, source))) {
      const found = localFiles(statement, dir, [dir, entryDir, options.workspace], shipped, locals);
      if (found) {
        const unseen = found.filter((path) => !seen.has(path));
        for (const path of unseen) seen.add(path);
        queue.push(...unseen);
        continue;
      }
      const top = statement.module.split('.')[0] ?? '';
      if (stdlib.has(top) || provided.has(top) || reported.has(top)) continue;
      const owner = owners.get(top) ?? null;
      if (owner === null && !certain) continue;
      reported.add(top);
      problems.push(undeclaredProblem(options, file, statement.line, top, owner));
    }
  }
  if (problems.length > 0) throw new SvcpackError(problems);
}

/** `sys.stdlib_module_names`, which the interpreter query reads, exists from Python 3.10. */
function hasStdlibNames(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 10);
}

/** A distribution whose importable modules cannot be read from its file list. */
function isOpaque(dist: InstalledDistribution): boolean {
  return dist.editable !== null || (dist.files === null && dist.topLevel === null);
}

/** Directory → the module and package names directly inside it, over the shipped files. */
function localNames(shipped: FileSet, suffixes: readonly string[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const add = (dir: string, name: string) => {
    const set = names.get(dir) ?? new Set<string>();
    set.add(name);
    names.set(dir, set);
  };
  for (const path of shipped.keys()) {
    const parts = path.split('/');
    const file = parts.pop() ?? '';
    for (let index = 0; index < parts.length; index++) {
      add(parts.slice(0, index).join('/') || '.', parts[index] ?? '');
    }
    const dir = parts.join('/') || '.';
    if (file.endsWith('.py')) add(dir, file.slice(0, -'.py'.length));
    const suffix = suffixes.find((candidate) => file.endsWith(candidate));
    if (suffix) add(dir, file.slice(0, -suffix.length));
  }
  return names;
}

/**
 * The shipped files an import of the service's own code loads (its packages' `__init__.py`
 * and the module), or `null` when the import is of no local module. A relative import is
 * always local; an absolute one is when its top-level name is a module or package in the
 * importing file's directory, the entry file's or the workspace (the launcher's `sys.path`).
 */
function localFiles(
  statement: ImportStatement,
  dir: string,
  roots: readonly string[],
  shipped: FileSet,
  locals: Map<string, Set<string>>,
): string[] | null {
  let base: string;
  if (statement.level > 0) {
    base = dir;
    for (let up = 1; up < statement.level; up++) base = posix.dirname(base);
  } else {
    const top = statement.module.split('.')[0] ?? '';
    const root = roots.find((candidate) => locals.get(candidate || '.')?.has(top));
    if (root === undefined) return null;
    base = root;
  }

  const parts = statement.module === '' ? [] : statement.module.split('.');
  const candidates: string[] = [];
  let current = base;
  for (const part of parts) {
    current = posix.join(current, part);
    candidates.push(`${current}.py`, `${current}/__init__.py`);
  }
  for (const name of statement.names) {
    candidates.push(posix.join(current, `${name}.py`), posix.join(current, name, '__init__.py'));
  }
  return candidates.filter((path) => shipped.has(path));
}

/** The text of a shipped file; one that cannot be read has no imports to check. */
async function readSource(root: string, path: string, source: FileSource): Promise<string> {
  if (source.kind === 'content') return source.data.toString('utf8');
  const from = source.kind === 'file' ? source.from : join(root, path);
  return readFile(from, 'utf8').catch(() => '');
}

/**
 * The import statements that start a line outside a triple-quoted string, so that a
 * docstring showing `from x import y` is no import. A `from … import (` list may go on over
 * the following lines; other continuations are not followed.
 */
function importStatements(text: string): ImportStatement[] {
  const statements: ImportStatement[] = [];
  const lines = text.split('\n');
  let quote: string | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (quote === null) {
      const found = parseImports(line, index + 1);
      const [statement] = found;
      if (statement && line.startsWith('from') && line.includes('(') && !line.includes(')')) {
        for (let next = index + 1; next < lines.length; next++) {
          const more = lines[next] ?? '';
          statement.names.push(...importedNames(more.replace(/\).*/, '')));
          if (more.includes(')')) break;
        }
      }
      statements.push(...found);
    }
    quote = afterQuotes(line, quote);
  }
  return statements;
}

/** The imports of one line: one for `from … import`, one per module for `import a, b`. */
function parseImports(line: string, number: number): ImportStatement[] {
  const from = /^from[ \t]+(\.*)([\w.]*)[ \t]+import\b([^#;]*)/.exec(line);
  if (from) {
    const level = from[1]?.length ?? 0;
    const module = from[2] ?? '';
    if (level === 0 && !/^[A-Za-z_]/.test(module)) return [];
    return [{ level, module, names: importedNames(from[3] ?? ''), line: number }];
  }
  const plain = /^import[ \t]+([^#;]+)/.exec(line);
  return (plain?.[1] ?? '').split(',').flatMap((part) => {
    const module = /^\s*([A-Za-z_][\w.]*)/.exec(part)?.[1];
    return module ? [{ level: 0, module, names: [], line: number }] : [];
  });
}

/** Names of an import list (`a as b, c` → `a`, `c`), without parentheses. */
function importedNames(list: string): string[] {
  return list
    .replace(/[()\\]/g, ' ')
    .split(',')
    .flatMap((part) => /^\s*([A-Za-z_]\w*)/.exec(part)?.[1] ?? []);
}

/** The open triple quote after `line`, given the one open before it (`null` for none). */
function afterQuotes(line: string, open: string | null): string | null {
  let quote = open;
  for (const match of line.matchAll(/"""|'''|#/g)) {
    if (quote === null && match[0] === '#') break;
    if (quote === null) quote = match[0];
    else if (match[0] === quote) quote = null;
  }
  return quote;
}

function undeclaredProblem(
  options: OwnImportsOptions,
  file: string,
  line: number,
  module: string,
  owner: InstalledDistribution | null,
): Problem {
  const manifest = options.manifests[0] ?? posix.join(options.workspace, 'requirements.txt');
  const target = manifest.endsWith('pyproject.toml')
    ? `the [project] dependencies of "${manifest}"`
    : `"${manifest}"`;
  const python = `Python ${options.report.version} from ${options.interpreter}`;
  const why = owner
    ? `${owner.name} ${owner.version}, installed for ${python}, provides it but is not among the service's dependencies`
    : `no distribution installed for ${python} provides it either`;
  return problem(
    'PACKAGE_PYTHON_UNDECLARED_IMPORT',
    `The file ${file}:${line} of the service "${options.service}" imports "${module}", which no requirement declares: ${why}, so the bundle would stop at start with ModuleNotFoundError.`,
    {
      file,
      line,
      value: module,
      hint: owner
        ? `Add "${owner.name}==${owner.version}" (the installed version) to ${target}, then package again.`
        : `Declare the distribution that provides "${module}" in ${target} and install it into the service's environment, then package again.`,
    },
  );
}
