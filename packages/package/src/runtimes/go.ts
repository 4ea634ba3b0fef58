import type { Packer } from '../pack-types.js';

/** Packs a go service. */
export const packGo: Packer = async () => {
  throw new Error('packGo: not implemented yet');
};
