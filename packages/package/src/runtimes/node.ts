import type { Packer } from '../pack-types.js';

/** Packs a node service. */
export const packNode: Packer = async () => {
  throw new Error('packNode: not implemented yet');
};
