import type { Packer } from '../pack-types.js';

/** Packs a python service. */
export const packPython: Packer = async () => {
  throw new Error('packPython: not implemented yet');
};
