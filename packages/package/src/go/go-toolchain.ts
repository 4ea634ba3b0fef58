import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SvcpackError } from '@svcpack/detect';
import { runGo } from './run-go.js';

/** What svcpack needs to know about the `go` it builds with. */
export interface GoToolchain {
  /** The command that runs it (`go`, or `$SVCPACK_GO`). */
  command: string;
  /** `go1.19.8`. */
  version: string;
  /** `GOARCH` of the build machine: the bundle targets Linux on the same architecture. */
  hostArch: string;
  /** Absolute `go.mod` of the module `dir` lies in, or `null` outside any module. */
  goMod: string | null;
  /** Whether `go` has a build cache it can write (otherwise svcpack points it at scratch). */
  hasCache: boolean;
}

/** Options of {@link findGoToolchain}. */
export interface FindGoToolchainOptions {
  /** Absolute directory of the package to build; `go env GOMOD` is asked there. */
  dir: string;
  /** Project-relative form of `dir`, for messages. */
  displayDir: string;
  signal?: AbortSignal | undefined;
}

/**
 * Finds `go` (`$SVCPACK_GO`, else `go` on `PATH`) and asks it, in one `go env` call, for its
 * version, the host architecture and the module of `dir`.
 */
export async function findGoToolchain(options: FindGoToolchainOptions): Promise<GoToolchain> {
  const command = process.env.SVCPACK_GO || 'go';
  const result = await runGo(command, ['env', '-json', 'GOVERSION', 'GOHOSTARCH', 'GOMOD'], {
    cwd: options.dir,
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' },
    signal: options.signal,
  });

  if (result.spawnError || result.code !== 0) {
    const why = result.spawnError
      ? `it is not installed or not on PATH (${result.spawnError.code})`
      : `"go env" failed: ${firstLine(result.stderr)}`;
    throw SvcpackError.of('PACKAGE_GO_NOT_FOUND', `Cannot run "${command}": ${why}.`, {
      file: options.displayDir,
      hint: 'Install Go (on Debian and Ubuntu: "apt-get install golang-go") or set SVCPACK_GO to the go binary.',
    });
  }

  const env = JSON.parse(result.stdout) as Record<string, string | undefined>;
  const goMod = env.GOMOD && env.GOMOD !== '/dev/null' && existsSync(env.GOMOD) ? env.GOMOD : null;
  return {
    command,
    version: env.GOVERSION ?? 'unknown',
    hostArch: env.GOHOSTARCH || 'amd64',
    goMod,
    hasCache: Boolean(process.env.GOCACHE || process.env.XDG_CACHE_HOME || process.env.HOME),
  };
}

/**
 * The environment of every `go` command svcpack runs: a static Linux build for the host
 * architecture, no network (`GOPROXY=off`: modules must already be in the module cache, as
 * SPEC §1.3 has it for Node dependencies), the local toolchain only, and go.mod left as it is
 * (`-mod=readonly`, or `-mod=vendor` when the module vendors its dependencies).
 */
export function goBuildEnv(
  toolchain: GoToolchain,
  moduleDir: string,
  scratch: string,
): NodeJS.ProcessEnv {
  const vendored = existsSync(join(moduleDir, 'vendor', 'modules.txt'));
  return {
    ...process.env,
    CGO_ENABLED: '0',
    GOOS: 'linux',
    GOARCH: toolchain.hostArch,
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOFLAGS: vendored ? '-mod=vendor' : '-mod=readonly',
    ...(toolchain.hasCache ? {} : { GOCACHE: join(scratch, 'go-cache') }),
  };
}

/** The flags that make a build reproducible: no absolute paths, no VCS stamp, no symbols. */
export const GO_BUILD_FLAGS = ['-trimpath', '-buildvcs=false', '-ldflags=-s -w'] as const;

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
