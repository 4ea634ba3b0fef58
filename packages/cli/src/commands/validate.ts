import { detectServices } from '@svcpack/detect';
import type { CommandOutcome } from '../run-command.js';

/** `svcpack validate`: runs the config checks and reports only their findings. */
export async function validateCommand(root: string): Promise<CommandOutcome> {
  const detected = await detectServices({ root });
  return {
    result: { valid: detected.errors.length === 0 },
    errors: detected.errors,
    warnings: detected.warnings,
    // One line, so a clean run says it checked something: `vercel.json: 4 services, no
    // problems`. The warnings themselves are printed above it.
    render: () => {
      const count = detected.result?.services.length ?? 0;
      const warnings = detected.warnings.length;
      const found =
        warnings === 0 ? 'no problems' : `${warnings} warning${warnings === 1 ? '' : 's'}`;
      const services = `${count} service${count === 1 ? '' : 's'}`;
      return `${detected.configFile ?? 'vercel.json'}: ${services}, ${found}\n`;
    },
  };
}
