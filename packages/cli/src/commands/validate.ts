import { detectServices } from '@svcpack/detect';
import type { CommandOutcome } from '../run-command.js';

/** `svcpack validate`: runs the config checks and reports only their findings. */
export async function validateCommand(root: string): Promise<CommandOutcome> {
  const detected = await detectServices({ root });
  return {
    result: { valid: detected.errors.length === 0 },
    errors: detected.errors,
    warnings: detected.warnings,
    render: () => '',
  };
}
