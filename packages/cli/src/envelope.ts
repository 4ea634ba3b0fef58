import type { Problem } from '@svcpack/detect';

/** The commands that speak JSON. */
export type CommandName = 'detect' | 'validate' | 'package';

/** SPEC §2.1: the one JSON document `--json` writes to stdout. */
export type Envelope =
  | { schemaVersion: 1; command: CommandName; ok: true; result: unknown; warnings: Problem[] }
  | {
      schemaVersion: 1;
      command: CommandName;
      ok: false;
      error: Problem;
      errors: Problem[];
      warnings: Problem[];
    };

/** The envelope of a successful run. */
export function successEnvelope(
  command: CommandName,
  result: unknown,
  warnings: Problem[],
): Envelope {
  return { schemaVersion: 1, command, ok: true, result, warnings };
}

/** The envelope of a failed run; `errors` must not be empty. */
export function failureEnvelope(
  command: CommandName,
  errors: Problem[],
  warnings: Problem[],
): Envelope {
  const [error] = errors;
  if (!error) throw new TypeError('failureEnvelope needs at least one error');
  return { schemaVersion: 1, command, ok: false, error, errors, warnings };
}

/** Serialises an envelope: two-space indent, trailing newline, stable key order. */
export function stringifyEnvelope(envelope: Envelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}
