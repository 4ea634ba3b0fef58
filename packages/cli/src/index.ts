import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Problem, problem } from '@svcpack/detect';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { detectCommand } from './commands/detect.js';
import { validateCommand } from './commands/validate.js';
import { type CommandName, failureEnvelope, stringifyEnvelope } from './envelope.js';
import { EXIT } from './exit-codes.js';
import { type CommandOutcome, runCommand } from './run-command.js';
import { createTerminal, type Terminal } from './terminal.js';

export { EXIT } from './exit-codes.js';

const COMMANDS: readonly CommandName[] = ['detect', 'validate', 'package'];

/**
 * Runs the svcpack CLI with `argv` (without node and script) and returns the exit code
 * (SPEC §2): 0 success, 1 user error, 2 bad usage, 3 internal error, 130 interrupted.
 */
export async function main(argv: string[], terminal: Terminal = createTerminal()): Promise<number> {
  let code: number = EXIT.ok;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const execute = async (
    command: CommandName,
    options: CommonFlags,
    body: () => Promise<CommandOutcome>,
  ) => {
    if (options.debug) terminal.enableDebug();
    const root = resolve(options.dir ?? '.');
    const bad = checkProjectDir(root, options.dir ?? '.', command);
    if (bad) {
      terminal.err(`${terminal.paint('red', 'svcpack: usage error')} ${bad.message}\n`);
      terminal.err(`  hint: ${bad.hint}\n`);
      if (options.json) terminal.out(stringifyEnvelope(failureEnvelope(command, [bad], [])));
      code = EXIT.usage;
      return;
    }
    code = await runCommand({ command, terminal, json: options.json === true, root }, body);
    if (controller.signal.aborted) {
      terminal.err('svcpack: interrupted; partial output removed\n');
      code = EXIT.interrupted;
    }
  };

  const program = buildProgram(terminal, execute, controller.signal);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      return EXIT.ok;
    }
    // A bare `svcpack` prints the help to stderr: a usage error, not a request for help.
    if (error.code === 'commander.help') return EXIT.usage;
    reportUsage(argv, error, terminal);
    return EXIT.usage;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return code;
}

interface CommonFlags {
  dir?: string;
  json?: boolean;
  debug?: boolean;
}

type Execute = (
  command: CommandName,
  options: CommonFlags,
  body: () => Promise<CommandOutcome>,
) => Promise<void>;

function buildProgram(terminal: Terminal, execute: Execute, signal: AbortSignal): Command {
  const program = new Command('svcpack')
    .description('Detect and package the services a polyglot monorepo declares in vercel.json.')
    .version(readVersion(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.out(text),
      writeErr: (text) => terminal.err(text),
      outputError: () => {},
    });

  program
    .command('detect')
    .description("print each service's runtime, framework, workspace and entrypoint, with evidence")
    .argument('[dir]', 'project root holding vercel.json', '.')
    .option('--json', 'print one JSON document to stdout')
    .option('--service <name>', 'only this service (repeatable)', collectServiceName, [])
    .option('--explain', 'print every rule evaluated, matched or not')
    .option(
      '--write-config',
      'write the services found into vercel.json (experimentalServices) when it declares none',
    )
    .option('--debug', 'print debug output to stderr')
    .action(
      async (
        dir: string,
        options: CommonFlags & { service: string[]; explain?: boolean; writeConfig?: boolean },
      ) => {
        const root = resolve(dir);
        await execute('detect', { ...options, dir }, () =>
          detectCommand(
            root,
            {
              service: options.service,
              explain: options.explain === true,
              writeConfig: options.writeConfig === true,
              json: options.json === true,
            },
            terminal,
          ),
        );
      },
    );

  program
    .command('validate')
    .description('check the services config and print only its findings')
    .argument('[dir]', 'project root holding vercel.json', '.')
    .option('--json', 'print one JSON document to stdout')
    .option('--debug', 'print debug output to stderr')
    .action(async (dir: string, options: CommonFlags) => {
      await execute('validate', { ...options, dir }, () => validateCommand(resolve(dir)));
    });

  program
    .command('package')
    .description('build, trace and write one runnable bundle per service, plus routes.json')
    .argument('[dir]', 'project root holding vercel.json', '.')
    .option('--out <dir>', 'output directory (default: <dir>/.svcpack/output)')
    .option(
      '--service <name>',
      'only this service (repeatable); others keep their output',
      collectServiceName,
      [],
    )
    .option('--json', 'print one JSON document to stdout')
    .option('--no-build', "package existing build output instead of running the framework's build")
    .addOption(
      new Option('--format <format>', 'output layout').choices(['svcpack']).default('svcpack'),
    )
    .option('--debug', 'print debug output to stderr')
    .action(
      async (
        dir: string,
        options: CommonFlags & { out?: string; service: string[]; build: boolean },
      ) => {
        const root = resolve(dir);
        const out = options.out === undefined ? undefined : resolve(options.out);
        // Loaded here, not at start-up: @svcpack/package (nft, its parsers) takes ~0.3 s to
        // import, which `detect` and `validate` never need.
        const { packageCommand } = await import('./commands/package.js');
        await execute('package', { ...options, dir }, () =>
          packageCommand(
            root,
            { out, service: options.service, build: options.build },
            terminal,
            signal,
          ),
        );
      },
    );

  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => terminal.out(text),
      writeErr: (text) => terminal.err(text),
      outputError: () => {},
    });
    command.showSuggestionAfterError(true);
  }
  return program;
}

function reportUsage(argv: string[], error: CommanderError, terminal: Terminal): void {
  const message = error.message.replace(/^error: /, '');
  terminal.err(`${terminal.paint('red', 'svcpack: usage error')} ${message}\n`);
  terminal.err('Run `svcpack --help` for the commands and their flags.\n');
  const command = COMMANDS.find((name) => name === argv[0]);
  if (command && argv.includes('--json')) {
    const item = problem('CLI_UNKNOWN_OPTION', message, {
      hint: `Run \`svcpack ${command} --help\` for its flags.`,
    });
    terminal.out(stringifyEnvelope(failureEnvelope(command, [item], [])));
  }
}

/** The `[dir]` argument must name an existing directory (SPEC §2: a bad value is usage). */
function checkProjectDir(root: string, given: string, command: CommandName): Problem | null {
  const info = statSync(root, { throwIfNoEntry: false });
  if (info?.isDirectory()) return null;
  const what = info ? 'is not a directory' : 'does not exist';
  return problem('CLI_INVALID_DIRECTORY', `The project directory "${given}" ${what}.`, {
    value: given,
    expected: 'the directory that holds vercel.json',
    hint: info
      ? `Pass the directory that holds the file, e.g. \`svcpack ${command} ${dirnameOf(given)}\`.`
      : 'Check the path, or run svcpack from the project root without a directory argument.',
  });
}

function dirnameOf(path: string): string {
  const parent = path.replace(/[/\\][^/\\]*$/, '');
  return parent === path ? '.' : parent || '/';
}

/** Collects the repeatable `--service <name>`; an empty name is bad usage (exit 2). */
function collectServiceName(value: string, previous: string[]): string[] {
  if (value.trim() === '') {
    throw new InvalidArgumentError('A service name cannot be empty: give a name from vercel.json.');
  }
  return [...previous, value];
}

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return String(manifest.version);
}
