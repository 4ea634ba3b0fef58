import { isSvcpackError, type Problem, problem } from '@svcpack/detect';
import {
  type CommandName,
  failureEnvelope,
  stringifyEnvelope,
  successEnvelope,
} from './envelope.js';
import { EXIT } from './exit-codes.js';
import type { ProblemFormatter } from './format-problem.js';
import type { Terminal } from './terminal.js';

/** What every command's body hands back to {@link runCommand}. */
export interface CommandOutcome {
  /** The `result` of the JSON envelope; ignored when there are errors. */
  result: unknown;
  errors: Problem[];
  warnings: Problem[];
  /** Human text for stderr on success. */
  render(): string;
  /**
   * Human text for stderr printed before the errors of a failed run: what did work
   * (`detect` shows the services that resolved). Absent: a failed run prints only its
   * problems.
   */
  renderPartial?(): string;
}

/** How a command is being run. */
export interface CommandRun {
  command: CommandName;
  terminal: Terminal;
  json: boolean;
  /** Absolute project root, for code frames. */
  root: string;
}

/**
 * Runs a command body and turns its outcome into output and an exit code: problems go to
 * stderr like a compiler prints them, the envelope (with `--json`) to stdout. A thrown
 * `SvcpackError` is a user error (1); anything else is a bug (3) and its stack is printed.
 */
export async function runCommand(
  run: CommandRun,
  body: () => Promise<CommandOutcome>,
): Promise<number> {
  const { terminal, command } = run;
  let outcome: CommandOutcome;
  try {
    outcome = await body();
  } catch (error) {
    if (isSvcpackError(error)) {
      return await fail(run, error.problems, []);
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    terminal.err(`${terminal.paint('red', 'svcpack: internal error')} (a bug in svcpack)\n`);
    terminal.err(`${stack}\n`);
    terminal.err('Please report it with the command you ran and this stack.\n');
    if (run.json) {
      const bug = problem('CLI_INTERNAL_ERROR', error instanceof Error ? error.message : stack, {
        hint: 'This is a bug in svcpack; run again with --debug and report it.',
      });
      terminal.out(stringifyEnvelope(failureEnvelope(command, [bug], [])));
    }
    return EXIT.internal;
  }

  if (outcome.errors.length > 0) {
    if (!run.json && outcome.renderPartial) terminal.err(outcome.renderPartial());
    return await fail(run, outcome.errors, outcome.warnings);
  }

  if (outcome.warnings.length > 0) {
    const format = await loadFormatter(run);
    for (const item of outcome.warnings) terminal.err(format(item, 'warning'));
  }
  if (run.json) {
    terminal.out(stringifyEnvelope(successEnvelope(command, outcome.result, outcome.warnings)));
  } else {
    terminal.err(outcome.render());
  }
  return EXIT.ok;
}

async function fail(run: CommandRun, errors: Problem[], warnings: Problem[]): Promise<number> {
  const { terminal } = run;
  const format = await loadFormatter(run);
  for (const item of errors) terminal.err(format(item, 'error'));
  for (const item of warnings) terminal.err(format(item, 'warning'));
  const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
  terminal.err(terminal.paint('red', `svcpack ${run.command} failed: ${count}\n`));
  if (run.json) terminal.out(stringifyEnvelope(failureEnvelope(run.command, errors, warnings)));
  return EXIT.userError;
}

/**
 * The compiler-style printer of this run, loaded when there is a problem to print: its
 * code frames (@babel/code-frame and its tokenizer) are of no use to a clean run.
 */
async function loadFormatter(run: CommandRun): Promise<ProblemFormatter> {
  const { createProblemFormatter } = await import('./format-problem.js');
  return createProblemFormatter(run.root, run.terminal);
}
