import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every entry under `dir` as `path → "<kind> <mode> <sha256 or link target>"`, so two
 * snapshots are equal exactly when the trees are equal byte for byte.
 */
export async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  await walk(dir, '', entries);
  return entries;
}

async function walk(root: string, prefix: string, entries: Record<string, string>) {
  const names = (await readdir(join(root, prefix))).sort();
  for (const name of names) {
    const path = prefix ? `${prefix}/${name}` : name;
    const info = await lstat(join(root, path));
    const mode = (info.mode & 0o777).toString(8);
    if (info.isSymbolicLink()) {
      entries[path] = `l ${mode} ${await readlink(join(root, path))}`;
    } else if (info.isDirectory()) {
      entries[path] = `d ${mode}`;
      await walk(root, path, entries);
    } else {
      const hash = createHash('sha256')
        .update(await readFile(join(root, path)))
        .digest('hex');
      entries[path] = `f ${mode} ${hash}`;
    }
  }
}
