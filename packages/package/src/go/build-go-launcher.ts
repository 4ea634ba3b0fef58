import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildGoBinary } from './build-go-binary.js';
import type { GoToolchain } from './go-toolchain.js';
import { goBuildEnv } from './go-toolchain.js';
import { LAUNCHER_GO_SOURCE } from './launcher-source.js';

/** Options of {@link buildGoLauncher}. */
export interface BuildGoLauncherOptions {
  toolchain: GoToolchain;
  /** Absolute scratch directory to build in. */
  scratch: string;
  /** Absolute project root (only for messages, should the launcher ever fail to build). */
  root: string;
  signal?: AbortSignal | undefined;
}

/**
 * Built launchers by content hash (source, Go version, architecture). The build is
 * reproducible, so one build per process serves every Go service of a run; across runs, Go's
 * own build cache makes the rebuild a link step.
 */
const built = new Map<string, Promise<Buffer>>();

/** The bytes of `_svcpack/launch_go` for `toolchain`, built once per process. */
export function buildGoLauncher(options: BuildGoLauncherOptions): Promise<Buffer> {
  const { toolchain } = options;
  const key = createHash('sha256')
    .update(`${toolchain.command}\0${toolchain.version}\0${toolchain.hostArch}\0`)
    .update(LAUNCHER_GO_SOURCE)
    .digest('hex');

  let bytes = built.get(key);
  if (!bytes) {
    bytes = compile(options, key.slice(0, 16));
    built.set(key, bytes);
    bytes.catch(() => built.delete(key));
  }
  return bytes;
}

async function compile(options: BuildGoLauncherOptions, id: string): Promise<Buffer> {
  const dir = join(options.scratch, `launch-go-${id}`);
  await mkdir(dir, { recursive: true });
  // A module of its own, so the user's go.work and go.mod never apply to it.
  await writeFile(join(dir, 'go.mod'), 'module svcpack.local/launch-go\n\ngo 1.16\n');
  await writeFile(join(dir, 'main.go'), LAUNCHER_GO_SOURCE);

  const output = join(dir, 'launch_go');
  await buildGoBinary({
    go: options.toolchain.command,
    dir,
    output,
    env: { ...goBuildEnv(options.toolchain, dir, options.scratch), GOWORK: 'off', GOFLAGS: '' },
    root: options.root,
    displayDir: '_svcpack/launch_go',
    signal: options.signal,
  });
  return readFile(output);
}
