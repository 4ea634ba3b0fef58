#!/usr/bin/env node
// Bundles the compiled CLI (dist/index.js and everything it imports, @svcpack/detect and
// the npm packages included) into dist/svcpack.mjs, which bin/svcpack.js starts. Loading
// one file instead of ~70 modules takes ~0.1 s off every `svcpack` run, which is most of
// a `detect` on a small project. `svcpack package` stays out of the bundle: it loads
// dist/commands/package.js (and @svcpack/package, nft) on demand, as before.
//
// Run by the root `pnpm build`, after tsc.
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);

await build({
  entryPoints: [new URL('index.js', dist).pathname],
  outfile: new URL('svcpack.mjs', dist).pathname,
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
