import { readFile } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';
import { SvcpackError } from '@svcpack/detect';
import { buildGoBinary } from '../go/build-go-binary.js';
import { buildGoLauncher } from '../go/build-go-launcher.js';
import { findGoToolchain, goBuildEnv } from '../go/go-toolchain.js';
import { inspectGoPackage } from '../go/inspect-go-package.js';
import type { FileSet, Packer, StartSpec } from '../pack-types.js';

/** Bundle path of svcpack's prefix-stripping launcher for Go services. */
export const GO_LAUNCHER_PATH = '_svcpack/launch_go';

/**
 * Packs a Go service: one static Linux binary built from the entrypoint's package
 * (`CGO_ENABLED=0`, offline, reproducible flags) at `_svcpack/go/<name>`, and nothing else
 * from the source tree (data files come from `includeFiles`). The binary listens on `PORT`
 * itself; behind a stripped prefix other than `/`, `_svcpack/launch_go` runs in front of it
 * and also accepts unstripped paths (SPEC §3.1).
 */
export const packGo: Packer = async (context) => {
  const { root, service, scratch, logger, signal } = context;
  const packageDir = service.entrypoint.endsWith('.go')
    ? posix.dirname(service.entrypoint)
    : service.entrypoint;
  const absoluteDir = join(root, packageDir);

  const toolchain = await findGoToolchain({ dir: absoluteDir, displayDir: packageDir, signal });
  if (!toolchain.goMod) {
    throw SvcpackError.of(
      'PACKAGE_GO_NO_MODULE',
      `The Go service "${service.name}" has no go.mod in "${packageDir}" or any directory above it.`,
      {
        file: packageDir,
        hint: `Run "go mod init <module path>" in "${service.workspace}" (svcpack builds Go services in module mode only).`,
      },
    );
  }
  const moduleDir = dirname(toolchain.goMod);
  const env = goBuildEnv(toolchain, moduleDir, scratch);
  logger.debug(
    `go: ${toolchain.command} ${toolchain.version}, GOARCH=${env.GOARCH}, ${env.GOFLAGS}, module ${toPosix(relative(root, toolchain.goMod))}`,
  );

  await inspectGoPackage({
    go: toolchain.command,
    dir: absoluteDir,
    displayDir: packageDir,
    env,
    signal,
  });

  const binary = join(scratch, 'go', service.name);
  await buildGoBinary({
    go: toolchain.command,
    dir: absoluteDir,
    output: binary,
    env,
    root,
    displayDir: packageDir,
    extraHint: await toolchainHint(toolchain.goMod, toolchain.version),
    signal,
  });

  const binaryPath = `_svcpack/go/${service.name}`;
  const files: FileSet = new Map([[binaryPath, { kind: 'file', from: binary, mode: 0o755 }]]);
  const cwd = service.workspace;
  const prefix = service.routePrefix;
  const start: StartSpec = {
    command: [commandPath(cwd, binaryPath)],
    cwd,
    env: {
      SVCPACK_GO_VERSION: toolchain.version,
      SVCPACK_ROUTE_PREFIX: prefix ?? '',
      SVCPACK_SERVICE_NAME: service.name,
    },
  };

  if (service.stripPrefix && prefix !== null && prefix !== '/') {
    const launcher = await buildGoLauncher({ toolchain, scratch, root, signal });
    files.set(GO_LAUNCHER_PATH, { kind: 'content', data: launcher, mode: 0o755 });
    start.command = [commandPath(cwd, GO_LAUNCHER_PATH), `-prefix=${prefix}`, ...start.command];
  }

  return { files, start, warnings: [] };
};

/** A bundle path as a command run from `cwd`: relative, and with a `/` so no PATH lookup. */
function commandPath(cwd: string, target: string): string {
  const path = posix.relative(cwd, target);
  return path.startsWith('../') ? path : `./${path}`;
}

/** A hint for when go.mod asks for a newer Go than the one installed. */
async function toolchainHint(goMod: string, version: string): Promise<string | undefined> {
  const wanted = /^go\s+(\d+)\.(\d+)/m.exec(await readFile(goMod, 'utf8'));
  const have = /^go(\d+)\.(\d+)/.exec(version);
  if (!wanted || !have) return undefined;
  const newer =
    Number(wanted[1]) > Number(have[1]) ||
    (wanted[1] === have[1] && Number(wanted[2]) > Number(have[2]));
  return newer
    ? `go.mod asks for Go ${wanted[1]}.${wanted[2]} but ${version} is installed (svcpack sets GOTOOLCHAIN=local).`
    : undefined;
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}
