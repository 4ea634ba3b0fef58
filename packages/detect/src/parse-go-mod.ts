/** A `require` of a go.mod. */
export interface GoRequirement {
  path: string;
  version: string;
  /** Marked `// indirect`: needed by a dependency, not imported by the module. */
  indirect: boolean;
  line: number;
}

/** What detect reads from a go.mod. */
export interface GoMod {
  module: string | null;
  /** The `go` directive (`1.19`). */
  go: string | null;
  requires: GoRequirement[];
}

/**
 * Reads the `module`, `go` and `require` directives of a go.mod. The file is line-based
 * (https://go.dev/ref/mod#go-mod-file-grammar); this reads single-line and block
 * `require`s and ignores every other directive.
 */
export function parseGoMod(text: string): GoMod {
  const result: GoMod = { module: null, go: null, requires: [] };
  let inRequireBlock = false;
  text.split('\n').forEach((raw, index) => {
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inRequireBlock) {
      if (line === ')') inRequireBlock = false;
      else addRequirement(result, line, indirect, index + 1);
      return;
    }
    const [directive, ...rest] = line.split(/\s+/);
    if (directive === 'module') result.module = unquote(rest[0] ?? '');
    else if (directive === 'go') result.go = rest[0] ?? null;
    else if (directive === 'require' && rest[0] === '(') inRequireBlock = true;
    else if (directive === 'require') addRequirement(result, rest.join(' '), indirect, index + 1);
  });
  return result;
}

function addRequirement(result: GoMod, spec: string, indirect: boolean, line: number) {
  const [path, version] = spec.split(/\s+/);
  if (path && version) result.requires.push({ path: unquote(path), version, indirect, line });
}

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1');
}
