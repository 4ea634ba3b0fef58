import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileGlobsOptions, resolveFileGlobs } from '../src/file-globs.js';
import type { FileSet } from '../src/pack-types.js';

let work: string;
let root: string;

const FILES = [
  '.env',
  '.env.local',
  '.env.example',
  'shared/x.txt',
  'apps/api/index.js',
  'apps/api/.env.production',
  'apps/api/data/a.json',
  'apps/api/data/keep.json',
  'apps/api/data/.hidden.json',
  'apps/api/certs/server.pem',
  'apps/api/certs/id_rsa.pub',
  'apps/api/public/x.txt',
  'apps/api/.git/config',
  'apps/api/.vercel/project.json',
  'apps/api/.svcpack/output/manifest.json',
  'apps/api/out/routes.json',
];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'svcpack-globs-'));
  root = join(work, 'project');
  for (const path of [...FILES, '../outside/notes.txt']) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), path);
  }
  await symlink('data', join(root, 'apps/api/link-to-data'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const options = (fields: Partial<FileGlobsOptions>): FileGlobsOptions => ({
  root,
  workspace: 'apps/api',
  includeFiles: [],
  excludeFiles: [],
  ...fields,
});

async function included(includeFiles: string[]): Promise<string[]> {
  const globs = await resolveFileGlobs(options({ includeFiles }));
  return globs.included.map((file) => file.path);
}

describe('includeFiles', () => {
  it('globs from the workspace, matches dotfiles and returns project-relative sorted paths', async () => {
    expect(await included(['data/**'])).toEqual([
      'apps/api/data/.hidden.json',
      'apps/api/data/a.json',
      'apps/api/data/keep.json',
    ]);
  });

  it('does not expand a bare directory name into its files', async () => {
    expect(await included(['public'])).toEqual([]);
    expect(await included(['public/**'])).toEqual(['apps/api/public/x.txt']);
  });

  it('neither follows nor lists a symlink for **, but takes files a pattern names through one', async () => {
    const broad = await included(['**']);

    expect(broad).not.toContain('apps/api/link-to-data');
    expect(broad).not.toContain('apps/api/link-to-data/a.json');
    expect(await included(['link-to-data/a.json'])).toEqual(['apps/api/link-to-data/a.json']);
  });

  it('keeps default-excluded files out of a broad glob', async () => {
    expect(await included(['**'])).toEqual([
      'apps/api/data/.hidden.json',
      'apps/api/data/a.json',
      'apps/api/data/keep.json',
      'apps/api/index.js',
      'apps/api/out/routes.json',
      'apps/api/public/x.txt',
    ]);
  });

  it('ships a default-excluded file when a pattern spells its name', async () => {
    expect(await included(['.env.production', 'certs/*.pem', '.git/config'])).toEqual([
      'apps/api/.env.production',
      'apps/api/.git/config',
      'apps/api/certs/server.pem',
    ]);
  });

  it('never ships .svcpack/ or the output directory, whatever the pattern', async () => {
    expect(await included(['.svcpack/**'])).toEqual([]);
    const globs = await resolveFileGlobs(
      options({ includeFiles: ['out/**'], neverPackaged: ['apps/api/out'] }),
    );

    expect(globs.included).toEqual([]);
  });

  it('reads a pattern with a leading slash from the project root', async () => {
    expect(await included(['/shared/*.txt'])).toEqual(['shared/x.txt']);
  });

  it('refuses a pattern naming a file above the project root, with the pointer and the next step', async () => {
    const refusal = resolveFileGlobs(
      options({ service: 'api', includeFiles: ['data/**', '../../../outside/notes.txt'] }),
    );

    await expect(refusal).rejects.toMatchObject({
      code: 'PACKAGE_INCLUDE_OUTSIDE_PROJECT',
      message: expect.stringContaining('"../outside/notes.txt", outside the project root'),
      problems: [
        expect.objectContaining({
          pointer: '/experimentalServices/api/includeFiles/1',
          value: '../../../outside/notes.txt',
        }),
      ],
      hint: expect.stringContaining(
        'Copy the file into the project (e.g. to "apps/api/notes.txt")',
      ),
    });
  });

  it('refuses a glob whose fixed start lies above the project root before walking it', async () => {
    await expect(
      resolveFileGlobs(options({ includeFiles: ['../../../**'] })),
    ).rejects.toMatchObject({ code: 'PACKAGE_INCLUDE_OUTSIDE_PROJECT' });
  });
});

describe('includeFiles patterns that match nothing', () => {
  async function warnings(includeFiles: string[]) {
    return (await resolveFileGlobs(options({ service: 'api', includeFiles }))).warnings;
  }

  it('warn with the pattern, the directory it was read from and a workspace-relative guess', async () => {
    expect(await warnings(['data/**', 'apps/api/.env.production'])).toEqual([
      expect.objectContaining({
        code: 'PACKAGE_INCLUDE_MATCHED_NOTHING',
        message:
          'The includeFiles pattern "apps/api/.env.production" of the service "api" matches no file in "apps/api/".',
        value: 'apps/api/.env.production',
        pointer: '/experimentalServices/api/includeFiles/1',
        hint: 'Patterns are relative to "apps/api/"; did you mean ".env.production"?',
      }),
    ]);
  });

  it('say that a leading slash means the project root, not the file system', async () => {
    const [warning] = await warnings([join(work, 'outside/notes.txt')]);

    expect(warning).toMatchObject({
      code: 'PACKAGE_INCLUDE_MATCHED_NOTHING',
      message: expect.stringContaining('matches no file in the project root'),
      hint: expect.stringContaining('relative to the project root, not the file system'),
    });
  });

  it('suggest dir/** for a bare directory name', async () => {
    const [warning] = await warnings(['public']);

    expect(warning?.hint).toContain('write "public/**"');
  });
});

describe('excludeFiles and the default excludes', () => {
  it.each([
    [['data/a.json'], 'apps/api/data/a.json', 'excludeFiles'],
    [['apps/api/index.js'], 'apps/api/index.js', 'excludeFiles'],
    [['/apps/api/index.js'], 'apps/api/index.js', 'excludeFiles'],
    [['data/**'], 'apps/api/data', 'excludeFiles'],
    [['data/**', '!data/keep.json'], 'apps/api/data/keep.json', null],
    [['data/**', '!data/keep.json'], 'apps/api/data/.hidden.json', 'excludeFiles'],
    [
      ['**/node_modules/debug/**'],
      'node_modules/.pnpm/debug@4/node_modules/debug/src/index.js',
      'excludeFiles',
    ],
    [[], '.env', 'default'],
    [[], 'apps/api/.env.production', 'default'],
    [[], '.env.example', null],
    [[], 'apps/api/certs/server.pem', 'default'],
    [[], 'apps/api/certs/id_rsa.pub', 'default'],
    [[], 'node_modules/pkg/test/fixture.key', 'default'],
    [[], 'apps/api/.git/config', 'default'],
    [[], '.git', 'default'],
    [[], '.vercel/project.json', 'default'],
    [[], '.svcpack/output/manifest.json', 'default'],
    [[], 'apps/api/index.js', null],
  ])('with excludeFiles %j, %s is excluded by %s', async (excludeFiles, path, reason) => {
    const globs = await resolveFileGlobs(options({ excludeFiles }));

    expect(globs.exclusion(path)).toBe(reason);
  });

  it('removes excluded entries from a file set, keeps generated ones and logs the defaults', async () => {
    const globs = await resolveFileGlobs(options({ excludeFiles: ['_svcpack/**', 'data/a.json'] }));
    const file = (path: string) => ({
      kind: 'file' as const,
      from: join(root, path),
      mode: 0o644 as const,
    });
    const files: FileSet = new Map([
      ['apps/api/index.js', file('apps/api/index.js')],
      ['apps/api/data/a.json', file('apps/api/data/a.json')],
      ['.env', file('.env')],
      ['_svcpack/launch.mjs', { kind: 'content', data: Buffer.from(''), mode: 0o644 }],
    ]);
    const debug: string[] = [];

    globs.apply(files, { debug: (line) => debug.push(line), info() {}, warn() {} });

    expect([...files.keys()]).toEqual(['apps/api/index.js', '_svcpack/launch.mjs']);
    expect(debug).toEqual([expect.stringContaining('default excludes kept out .env')]);
  });
});
