export { addDiskFile, modeOf } from './disk-files.js';
export type {
  ExclusionReason,
  FileGlobsOptions,
  IncludedFile,
  ResolvedFileGlobs,
} from './file-globs.js';
export { resolveFileGlobs } from './file-globs.js';
export type { NodeLauncherConfig } from './launchers/node-launcher.js';
export { NODE_LAUNCHER_PATH, renderNodeLauncher } from './launchers/node-launcher.js';
export type { Manifest, ManifestEntry } from './output-dir.js';
export { parseManifest } from './output-dir.js';
export type { ServiceManifest } from './pack-service.js';
export type {
  FileMode,
  FileSet,
  FileSource,
  Logger,
  PackContext,
  PackedRuntime,
  Packer,
  StartSpec,
} from './pack-types.js';
export type {
  PackagedService,
  PackageOptions,
  PackageProgress,
  PackageResult,
} from './package-services.js';
export { packageServices } from './package-services.js';
export type { PackerChoice } from './packers.js';
export { choosePacker } from './packers.js';
export type { RoutableService, Route, RoutesFile } from './routes.js';
export { buildRoutes, escapeRegExp } from './routes.js';
export { packGo } from './runtimes/go.js';
export { packNext } from './runtimes/nextjs.js';
export { packNode } from './runtimes/node.js';
export { packPython } from './runtimes/python.js';
export type { BundleSummary, DigestEntry } from './write-bundle.js';
export {
  BUNDLE_MTIME,
  comparePaths,
  digestDirectory,
  SYMLINK_DIGEST_MODE,
  summarize,
  writeBundle,
} from './write-bundle.js';
