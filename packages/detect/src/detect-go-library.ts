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
  { name: 'gorilla', module: 'github.com/gorilla/mux' },
];

/** The library a Go service serves HTTP with, and the requirement that says so. */
export interface GoLibraryMatch {
  name: string;
  /** `null` for the standard library (`net/http`). */
  requirement: GoRequirement | null;
}

/**
 * The HTTP library a Go module builds on: the first known one it requires directly,
 * else the standard library's `net/http`.
 */
export function detectGoLibrary(mod: GoMod): GoLibraryMatch {
  for (const library of GO_LIBRARIES) {
    const requirement = mod.requires.find(
      (item) =>
        !item.indirect &&
        (item.path === library.module || item.path.startsWith(`${library.module}/v`)),
    );
    if (requirement) return { name: library.name, requirement };
  }
  return { name: 'net/http', requirement: null };
}
