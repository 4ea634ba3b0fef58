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
