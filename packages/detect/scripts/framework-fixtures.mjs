#!/usr/bin/env node
// Writes fixtures/detect/frameworks/<slug>/ for every preset of src/framework-table.ts that
// has no fixture yet: a project in `app/` built from the preset's own detector items (each
// `every` item, and one `some` item), a vercel.json declaring it as a service, and an
// expected.json claiming the slug. Existing fixtures are never touched: they are edited by
// hand once written, and test/framework-fixtures.test.ts checks each against detect.
//
//   node packages/detect/scripts/framework-fixtures.mjs
//
// Files a detector names are given content of the kind a real project has there
// (a Gemfile starts with a source line, an Express entry imports express), not
// placeholders, so that the fixture still reads as a project.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../../../fixtures/detect/frameworks');
const { FRAMEWORK_TABLE } = await import('../dist/framework-table.js');
const { FRAMEWORKS } = await import('../dist/framework-catalog.js');

/** The `some` item to materialise, where the first one is not the usual file. */
const PREFERRED_SOME = {
  express: 'index.js',
  hono: 'src/index.ts',
  h3: 'server.mjs',
  koa: 'index.js',
  elysia: 'src/index.ts',
  fastify: 'server.js',
  nestjs: 'src/main.ts',
  bun: 'server.ts',
  node: 'server.js',
  go: 'main.go',
  fastapi: 'requirements.txt',
  flask: 'requirements.txt',
  django: 'manage.py',
  hugo: 'config.toml',
  remix: null,
};

/** Versions for the dependencies a detector names: current major lines. */
const VERSIONS = {
  next: '15.5.2',
  express: '^5.1.0',
  hono: '^4.9.0',
  fastify: '^5.6.0',
  koa: '^3.0.1',
  h3: '^1.15.4',
  elysia: '^1.3.0',
  '@nestjs/core': '^11.1.6',
  vite: '^7.1.3',
  astro: '^5.13.0',
  nuxt: '^4.0.3',
  '@sveltejs/kit': '^2.36.0',
  '@sanity/cli': '^2.36.2',
};

/** Python entry files: the app object each framework's users write. */
const PYTHON_ENTRIES = {
  fastapi: [
    'main.py',
    'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/")\ndef root():\n    return {"ok": True}\n',
  ],
  flask: [
    'app.py',
    'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef root():\n    return {"ok": True}\n',
  ],
  fasthtml: [
    'main.py',
    'from fasthtml.common import fast_app, serve\n\napp, rt = fast_app()\n\n\n@rt("/")\ndef get():\n    return "ok"\n\n\nserve()\n',
  ],
  django: [
    'mysite/wsgi.py',
    'import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n\napplication = get_wsgi_application()\n',
  ],
  python: [
    'main.py',
    'def app(environ, start_response):\n    start_response("200 OK", [("Content-Type", "text/plain")])\n    return [b"ok"]\n',
  ],
};

const PYTHON_REQUIREMENTS = {
  fastapi: 'fastapi==0.115.0\nuvicorn==0.30.6\n',
  flask: 'Flask==3.0.3\n',
  fasthtml: 'python-fasthtml==0.12.21\n',
  django: 'Django==5.1.1\n',
  python: '',
};

function projectFiles(framework) {
  const files = {};
  const dependencies = {};
  const some = pickSome(framework);
  for (const item of [...framework.every, ...(some ? [some] : [])]) {
    if (item.matchPackage) dependencies[item.matchPackage] = versionOf(item.matchPackage);
    else if (item.path === 'package.json') addPackageFromPattern(item.matchContent, dependencies);
    else files[item.path] = contentFor(framework.slug, item);
  }
  if (framework.runtime === 'python') {
    files['requirements.txt'] ??= PYTHON_REQUIREMENTS[framework.slug] ?? '';
    const [entry, text] = PYTHON_ENTRIES[framework.slug] ?? PYTHON_ENTRIES.python;
    files[entry] ??= text;
  }
  if (framework.slug === 'django') files['mysite/settings.py'] = DJANGO_SETTINGS;
  if (Object.keys(dependencies).length > 0 || framework.runtime === 'node') {
    const manifest = { name: `${framework.slug}-app`, version: '0.0.0', private: true };
    if (Object.keys(dependencies).length > 0) manifest.dependencies = sorted(dependencies);
    files['package.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
  }
  return files;
}

function pickSome(framework) {
  if (framework.some.length === 0) return null;
  const preferred = PREFERRED_SOME[framework.slug];
  return framework.some.find((item) => item.path === preferred) ?? framework.some[0];
}

/** `"(dev)?(d|D)ependencies": { … "name": "version" … }` patterns name a dependency. */
function addPackageFromPattern(pattern, dependencies) {
  const name = /\[\^\}\]\*"((?:[^"\\]|\\.)+)":/.exec(pattern ?? '')?.[1]?.replace(/\\/g, '');
  if (!name) throw new Error(`cannot read a package name from ${pattern}`);
  dependencies[name] = /1\\\.0\\\.0-next/.test(pattern)
    ? '1.0.0-next.589'
    : /\\\^\?2\\\./.test(pattern)
      ? '^2.36.2'
      : versionOf(name);
}

function versionOf(name) {
  return VERSIONS[name] ?? '^1.0.0';
}

/** Content for a file a detector names, matching its `matchContent` where it has one. */
function contentFor(slug, item) {
  const text = draftContent(slug, item);
  if (item.matchContent && !new RegExp(item.matchContent, 'm').test(text)) {
    throw new Error(`the ${slug} ${item.path} written does not match ${item.matchContent}`);
  }
  return text;
}

function draftContent(slug, item) {
  const pattern = item.matchContent;
  if (item.path === 'requirements.txt' && slug in PYTHON_REQUIREMENTS) {
    return PYTHON_REQUIREMENTS[slug];
  }
  if (item.path === 'manage.py') return DJANGO_MANAGE;
  const imported = /\["'\]([^"[]+)\["'\]/.exec(pattern ?? '')?.[1];
  if (pattern && imported) return nodeEntry(slug, imported, item.path);
  if (pattern === '@react-router/dev/vite') {
    return "import { reactRouter } from '@react-router/dev/vite';\nimport { defineConfig } from 'vite';\n\nexport default defineConfig({\n  plugins: [reactRouter()],\n});\n";
  }
  if (pattern === 'baseURL') return 'baseURL = "https://example.org/"\ntitle = "Example"\n';
  if (pattern === 'base_url') return 'base_url = "https://example.org"\ntitle = "Example"\n';
  if (pattern === 'DJANGO_SETTINGS_MODULE') return DJANGO_MANAGE;
  if (pattern === 'axum\\s*=')
    return cargo('axum = "0.8"\ntokio = { version = "1", features = ["full"] }');
  if (pattern === 'actix-web\\s*=') return cargo('actix-web = "4"');
  if (pattern) throw new Error(`no content for ${slug} ${item.path}: ${pattern}`);
  return FILES[item.path] ?? byExtension(item.path);
}

function nodeEntry(slug, name, path) {
  const esm = /\.(mjs|mts|ts)$/.test(path);
  const templates = {
    express:
      "const express = require('express');\n\nconst app = express();\n\napp.get('/', (_req, res) => {\n  res.json({ ok: true });\n});\n\nmodule.exports = app;\n",
    hono: "import { Hono } from 'hono';\n\nconst app = new Hono();\n\napp.get('/', (c) => c.json({ ok: true }));\n\nexport default app;\n",
    h3: "import { createApp, defineEventHandler } from 'h3';\n\nexport const app = createApp();\n\napp.use(defineEventHandler(() => ({ ok: true })));\n",
    koa: "const Koa = require('koa');\n\nconst app = new Koa();\n\napp.use((ctx) => {\n  ctx.body = { ok: true };\n});\n\nmodule.exports = app;\n",
    elysia:
      "import { Elysia } from 'elysia';\n\nconst app = new Elysia().get('/', () => ({ ok: true }));\n\nexport default app;\n",
    fastify:
      "const fastify = require('fastify');\n\nconst app = fastify();\n\napp.get('/', async () => ({ ok: true }));\n\napp.listen({ port: Number(process.env.PORT ?? 3000), host: '0.0.0.0' });\n",
    nestjs:
      "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\n\nbootstrap();\n",
  };
  const text = templates[slug];
  if (text) return text;
  return esm
    ? `import * as framework from '${name}';\n\nexport default framework;\n`
    : `const framework = require('${name}');\n\nmodule.exports = framework;\n`;
}

const FILES = {
  'Dockerfile.vercel': 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
  'blitz.config.js': 'module.exports = {};\n',
  'remix.config.js': 'module.exports = { ignoredRouteFiles: ["**/.*"] };\n',
  '_config.yml': 'title: Example\nbaseurl: ""\n',
  'config.rb': "activate :livereload\nset :css_dir, 'stylesheets'\n",
  '.dojorc': '{\n  "build-app": {}\n}\n',
  'brunch-config.js': "module.exports = { files: { javascripts: { joinTo: 'app.js' } } };\n",
  'hydrogen.config.js': "export default { shopify: { storeDomain: 'example.myshopify.com' } };\n",
  'sanity.json': '{\n  "root": true,\n  "project": { "name": "Example" }\n}\n',
  'sanity.config.js': "export default { projectId: 'example', dataset: 'production' };\n",
  'xmcp.config.ts': 'export default { http: true };\n',
  'config.ru': "require_relative 'app'\n\nrun App\n",
  Gemfile: "source 'https://rubygems.org'\n\ngem 'rack'\n",
  'Cargo.toml': cargo(''),
  'src/main.rs': 'fn main() {\n    println!("ok");\n}\n',
  'go.mod': 'module example.com/app\n\ngo 1.22\n',
  'main.go':
    'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "ok") })\n\thttp.ListenAndServe(":"+os.Getenv("PORT"), nil)\n}\n',
  'bun.lock':
    '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "bun-app"\n    }\n  },\n  "packages": {}\n}\n',
  'server.ts':
    'Bun.serve({\n  port: Number(process.env.PORT ?? 3000),\n  fetch: () => Response.json({ ok: true }),\n});\n',
  'server.js':
    "const http = require('node:http');\n\nhttp\n  .createServer((_req, res) => res.end('ok'))\n  .listen(Number(process.env.PORT ?? 3000));\n",
  'requirements.txt': '',
};

function byExtension(path) {
  if (/\.(c|m)?(j|t)sx?$/.test(path)) return 'export default {};\n';
  if (path.endsWith('.json')) return '{}\n';
  throw new Error(`no content for ${path}`);
}

function cargo(dependencies) {
  return `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${dependencies}${dependencies ? '\n' : ''}`;
}

const DJANGO_MANAGE =
  '#!/usr/bin/env python\nimport os\nimport sys\n\nif __name__ == "__main__":\n    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n    from django.core.management import execute_from_command_line\n\n    execute_from_command_line(sys.argv)\n';
const DJANGO_SETTINGS =
  'SECRET_KEY = "example"\nROOT_URLCONF = "mysite.urls"\nWSGI_APPLICATION = "mysite.wsgi.application"\nINSTALLED_APPS = []\n';

function vercelJson(framework) {
  const service = { entrypoint: 'app', routePrefix: framework.backend ? '/api' : '/' };
  return `${JSON.stringify({ experimentalServices: { app: service } }, null, 2)}\n`;
}

function expected(framework) {
  return {
    framework: framework.slug,
    runtime: framework.runtime,
    candidates: [framework.slug],
    errors: [],
    warnings: [],
  };
}

function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function main() {
  for (const record of FRAMEWORK_TABLE) {
    const framework = FRAMEWORKS.find((item) => item.slug === record.slug);
    if (!framework) continue;
    const directory = join(fixtures, framework.slug);
    if (existsSync(directory)) continue;
    const files = projectFiles(framework);
    for (const [path, text] of Object.entries(files)) write(join(directory, 'app', path), text);
    write(join(directory, 'vercel.json'), vercelJson(framework));
    write(join(directory, 'expected.json'), `${JSON.stringify(expected(framework), null, 2)}\n`);
    console.log(`wrote ${framework.slug}`);
  }
}

main();
