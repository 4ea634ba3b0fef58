import type { DetectFileSystem } from './file-system.js';
import { findAppBinding, type PythonAppBinding } from './find-python-handler.js';
import { listingOf } from './listing-file-system.js';
import { joinProjectPath } from './project-path.js';

/** An app object found in a module, with the file that binds it. */
export interface FoundPythonApp extends PythonAppBinding {
  /** Project-relative path of the module. */
  file: string;
}

/** What {@link findPythonApps} found, and how much it read to find it. */
export interface PythonAppSearch {
  /** Every module that binds an app, shallowest first, then by path. */
  apps: FoundPythonApp[];
  /** The Python files read (those in `skip` not counted), in the order read. */
  read: string[];
  /** `true` when the search stopped at {@link MAX_FILES_READ} or {@link MAX_DIRECTORIES}. */
  capped: boolean;
}

/** How many directory levels below the workspace the search descends. */
export const MAX_DEPTH = 3;

/** The most Python files one search reads, and the most directories it lists. */
export const MAX_FILES_READ = 100;
export const MAX_DIRECTORIES = 100;

/**
 * Directories that hold no app of the service: environments, dependencies, caches, build
 * output and tests (which often build an app of their own to test against).
 */
const SKIPPED_DIRECTORY =
  /^(?:\..*|node_modules|__pycache__|site-packages|venv|tests?|testing|dist|build)$/;

/** Test modules, which build apps to test, not to serve. */
const TEST_FILE = /^(?:test_.*|.*_test|conftest)\.py$/;

/** A directory name Python can import as a package. */
const PACKAGE_NAME = /^[A-Za-z_]\w*$/;

/**
 * Looks for modules binding an app built by one of `constructors` in the workspace
 * `directory` and up to {@link MAX_DEPTH} levels below it, breadth first, each directory's
 * entries in sorted order, so that the result and the cap are the same on every run. It
 * only descends into directories with a package name that are no virtual environment
 * (`pyvenv.cfg`) nor in {@link SKIPPED_DIRECTORY}, and reads `.py` files but tests and
 * those in `skip` (already looked at). Every app found is returned: choosing among several
 * is the caller's business.
 */
export async function findPythonApps(
  fs: DetectFileSystem,
  directory: string,
  constructors: readonly string[],
  skip: ReadonlySet<string>,
): Promise<PythonAppSearch> {
  const search: PythonAppSearch = { apps: [], read: [], capped: false };
  let level = [directory];
  let listed = 0;

  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const current of level) {
      if (listed === MAX_DIRECTORIES) {
        search.capped = true;
        return search;
      }
      listed++;
      const names = [...(await listingOf(fs, current))].sort();
      if (current !== directory && names.includes('pyvenv.cfg')) continue;

      for (const name of names) {
        const path = joinProjectPath(current, name);
        if (name.endsWith('.py')) {
          if (TEST_FILE.test(name) || skip.has(path)) continue;
          if (search.read.length === MAX_FILES_READ) {
            search.capped = true;
            return search;
          }
          const text = await fs.readFile(path);
          if (text === null) continue;
          search.read.push(path);
          const binding = findAppBinding(text, constructors);
          if (binding) search.apps.push({ file: path, ...binding });
        } else if (
          depth < MAX_DEPTH &&
          PACKAGE_NAME.test(name) &&
          !SKIPPED_DIRECTORY.test(name) &&
          (await fs.kind(path)) === 'directory'
        ) {
          next.push(path);
        }
      }
    }
    level = next;
  }
  return search;
}
