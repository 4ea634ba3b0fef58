#!/usr/bin/env node
// Bundles the compiled CLI (dist/index.js and everything it imports, @svcpack/detect and
// the npm packages included) into dist/svcpack.mjs, which bin/svcpack.js starts. Loading
// one file instead of ~70 modules takes ~0.1 s off every `svcpack` run, which is most of
// a `detect` on a small project. `svcpack package` stays out of the bundle: it loads
// dist/commands/package.js (and @svcpack/package, nft) on demand, as before.
//
// Run by the root `pnpm build`, after tsc.
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
// Chunks of an earlier build have other hashes: drop them, so dist holds one build.
await rm(new URL('chunks/', dist), { recursive: true, force: true });

await build({
  entryPoints: { svcpack: new URL('index.js', dist).pathname },
  outdir: dist.pathname,
  outExtension: { '.js': '.mjs' },
  // Libraries imported with `import()` (yaml, the yarn lockfile parser, …) go to chunks
  // that load only when a project needs them: a `detect` without a yarn.lock never
  // parses the ~0.3 MB of @yarnpkg/lockfile. Chunk names carry a content hash, so the
  // same sources give the same files.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's `main` is a UMD build whose `require` calls a bundler cannot follow.
  mainFields: ['module', 'main'],
  // CommonJS dependencies (commander, ohm) `require` Node built-ins, and some read
  // `__filename` (@yarnpkg/lockfile): an ES module has neither.
  banner: {
    js: [
      "import { createRequire as svcpackRequire } from 'node:module';",
      "import { fileURLToPath as svcpackFileURLToPath } from 'node:url';",
      'const require = svcpackRequire(import.meta.url);',
      'const __filename = svcpackFileURLToPath(import.meta.url);',
      "const __dirname = svcpackFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  plugins: [
    {
      // A chunk split off a CommonJS package offers only `default` to `import()`, where
      // Node offers its named exports too (`const { parse } = await import('yaml')`).
      // Each package imported that way goes through an ES module facade that, as Node
      // does, gives `module.exports` as `default` and names the exports the package has
      // (read by requiring it here).
      name: 'named-exports-for-import',
      setup(context) {
        context.onResolve({ filter: /^[^./]/ }, (args) =>
          args.kind === 'dynamic-import'
            ? { path: args.path, namespace: 'facade', pluginData: args.resolveDir }
            : undefined,
        );
        context.onLoad({ filter: /.*/, namespace: 'facade' }, (args) => {
          const exported = createRequire(join(args.pluginData, 'index.js'))(args.path);
          const names = Object.keys(exported).filter(
            (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default',
          );
          const specifier = JSON.stringify(args.path);
          return {
            contents: `const m = require(${specifier});\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
            resolveDir: args.pluginData,
          };
        });
      },
    },
    {
      name: 'package-command-on-demand',
      setup(context) {
        context.onResolve({ filter: /\/commands\/package\.js$/ }, (args) => ({
          path: args.path,
          external: true,
        }));
      },
    },
  ],
  legalComments: 'none',
  logLevel: 'warning',
});
