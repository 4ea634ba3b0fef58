import type { Packer } from '../pack-types.js';

/** Packs a nextjs service. */
export const packNext: Packer = async () => {
  throw new Error('packNext: not implemented yet');
};
