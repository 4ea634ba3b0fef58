import validateNpmName from 'validate-npm-package-name';
import { describe, expect, it } from 'vitest';
import { type DetectorItem, FRAMEWORKS } from '../src/framework-catalog.js';
import { contentDependency } from '../src/framework-gates.js';
import { FRAMEWORK_TABLE } from '../src/framework-table.js';

/**
 * peers.md §4a D8: a misspelt package name in a peer's exclusion list matched nothing, so
 * Qwik sites showed two frameworks. A wrong name in the detector data fails just as
 * silently (the framework is never detected, or never dropped), so the data is linted:
 * every npm name it refers to is well-formed, and every slug `supersedes` names exists.
 */

/** A quoted module specifier inside an import regex: `["']@nestjs/core["']`. */
const QUOTED_SPECIFIER = /\["'\]((?:[^"'\\]|\\\/)+)\["'\]/g;

/** A content pattern that is a bare module specifier (`@react-router/dev/vite`). */
const BARE_SPECIFIER = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w.-]+)*$/;

/** JavaScript and TypeScript files, whose content items name modules. */
const SCRIPT = /\.[cm]?[jt]sx?$/;

/** A PEP 508 distribution name (https://peps.python.org/pep-0508/#names). */
const PYPI_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;

/** Every npm package name the table refers to, each with where. */
const referenced = FRAMEWORK_TABLE.flatMap((framework) =>
  [...framework.every, ...framework.some].flatMap((item) =>
    namesIn(item).map((name) => ({ name, where: `${framework.slug}: ${itemLabel(item)}` })),
  ),
).concat(
  FRAMEWORKS.filter((framework) => framework.runtime === 'node' && framework.versionPackage).map(
    (framework) => ({
      name: framework.versionPackage as string,
      where: `${framework.slug}: versionPackage`,
    }),
  ),
);

describe('the names in the framework registry', () => {
  it('finds the package names of every kind of item, so that the lint below is not empty', () => {
    const names = new Set(referenced.map((item) => item.name));
    expect([...names]).toEqual(
      expect.arrayContaining([
        '@remix-run/dev',
        'vite',
        '@sveltejs/kit',
        '@sanity/cli',
        'hono',
        '@nestjs/core',
        '@react-router/dev',
      ]),
    );
    expect(names.size).toBeGreaterThan(60);
  });

  it('refers only to well-formed npm package names', () => {
    const invalid = referenced.filter(({ name }) => !validateNpmName(name).validForNewPackages);
    expect(invalid).toEqual([]);
  });

  it('gives every Python framework a well-formed PyPI name as its version package', () => {
    const python = FRAMEWORKS.filter((framework) => framework.runtime === 'python');
    expect(python.length).toBeGreaterThan(3);
    for (const framework of python) {
      if (framework.versionPackage !== null) expect(framework.versionPackage).toMatch(PYPI_NAME);
    }
  });

  it('supersedes only slugs that the registry has', () => {
    const slugs = new Set(FRAMEWORK_TABLE.map((framework) => framework.slug));
    const unknown = FRAMEWORK_TABLE.flatMap((framework) =>
      framework.supersedes
        .filter((slug) => !slugs.has(slug))
        .map((slug) => `${framework.slug} supersedes ${slug}`),
    );
    expect(unknown).toEqual([]);
  });
});

/** The npm names one detector item refers to. */
function namesIn(item: DetectorItem): string[] {
  if (item.matchPackage !== null) return [item.matchPackage];
  const dependency = contentDependency(item);
  if (dependency !== null) return [dependency];
  const content = item.matchContent;
  if (content === null || item.path === null || !SCRIPT.test(item.path)) return [];
  if (BARE_SPECIFIER.test(content)) return [packageOf(content)];
  return [...content.matchAll(QUOTED_SPECIFIER)].map((match) =>
    packageOf((match[1] as string).replace(/\\\//g, '/')),
  );
}

/** The package a module specifier imports from: `@scope/name/sub` → `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

function itemLabel(item: DetectorItem): string {
  return item.matchPackage ?? `${item.path} /${item.matchContent}/`;
}
