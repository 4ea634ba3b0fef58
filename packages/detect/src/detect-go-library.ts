import type { GoMod, GoRequirement } from './parse-go-mod.js';

/** A Go HTTP library svcpack recognises, with the module path its go.mod requires. */
interface GoLibrary {
  name: string;
  module: string;
}

/** Checked in this order; a module path may carry a major-version suffix (`/v5`). */
const GO_LIBRARIES: readonly GoLibrary[] = [
  { name: 'gin', module: 'github.com/gin-gonic/gin' },
  { name: 'echo', module: 'github.com/labstack/echo' },
  { name: 'chi', module: 'github.com/go-chi/chi' },
  { name: 'fiber', module: 'github.com/gofiber/fiber' },
  { name: 'gorilla/mux', module: 'github.com/gorilla/mux' },
];

/** The library a Go service serves HTTP with, and what says so. */
export interface GoLibraryMatch {
  name: string;
  /** The go.mod line requiring it; `null` for `net/http` or a library go.mod lacks. */
  requirement: GoRequirement | null;
  /** How it was found: imported by the main package, or only required by go.mod. */
  source: 'import' | 'require' | 'default';
}

/**
 * The HTTP library a Go module serves with. A known library imported by the main
 * package's files (`sources`, the text of main.go and its siblings) wins: a go.mod may
 * require gin for a tool while the server uses chi. Failing that, the first known
 * library go.mod requires directly; failing that, the standard library's `net/http`.
 */
export function detectGoLibrary(mod: GoMod, sources: readonly string[] = []): GoLibraryMatch {
  const imports = new Set(sources.flatMap(goImports));
  for (const library of GO_LIBRARIES) {
    if (![...imports].some((path) => isModule(path, library.module))) continue;
    const requirement = mod.requires.find((item) => isModule(item.path, library.module)) ?? null;
    return { name: library.name, requirement, source: 'import' };
  }
  for (const library of GO_LIBRARIES) {
    const requirement = mod.requires.find(
      (item) => !item.indirect && isModule(item.path, library.module),
    );
    if (requirement) return { name: library.name, requirement, source: 'require' };
  }
  return { name: 'net/http', requirement: null, source: 'default' };
}

/** `github.com/labstack/echo/v4/middleware` belongs to `github.com/labstack/echo`. */
function isModule(path: string, module: string): boolean {
  return path === module || path.startsWith(`${module}/`);
}

/**
 * The import paths of a Go file: `import "x"`, `import name "x"` and the parenthesised
 * block form (https://go.dev/ref/spec#Import_declarations). Comments are dropped first so
 * that a commented-out import does not count.
 */
function goImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const paths: string[] = [];
  for (const match of code.matchAll(/\bimport\s*(?:\(([^)]*)\)|(?:[\w.]+\s+)?"([^"]+)")/g)) {
    if (match[2]) paths.push(match[2]);
    for (const line of match[1]?.matchAll(/"([^"]+)"/g) ?? []) paths.push(line[1] as string);
  }
  return paths;
}
