import { styleText } from 'node:util';

/** The colours the CLI uses. */
export type Colour = 'red' | 'yellow' | 'green' | 'cyan' | 'dim' | 'bold';

/** Where the CLI writes: human text to stderr, data to stdout. The only console owner. */
export interface Terminal {
  /** stderr is a TTY (progress lines rewrite themselves; colour unless NO_COLOR). */
  readonly interactive: boolean;
  /** Writes one document to stdout. */
  out(text: string): void;
  /** Writes human text to stderr. */
  err(text: string): void;
  /** Colours `text` when colour is on. */
  paint(colour: Colour, text: string): string;
  /** Writes a namespaced debug line when `--debug` is on; free otherwise. */
  debug(namespace: string, message: string): void;
  /** Switches debug output on. */
  enableDebug(): void;
}

/** Creates the terminal for this process from its streams and environment. */
export function createTerminal(
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Terminal {
  const interactive = stderr.isTTY === true && env.CI !== 'true';
  // https://no-color.org: any non-empty NO_COLOR switches colour off.
  const colour = interactive && !env.NO_COLOR && env.TERM !== 'dumb';
  let debugOn = false;

  return {
    interactive,
    out: (text) => void stdout.write(text),
    err: (text) => void stderr.write(text),
    paint: (name, text) => (colour ? styleText(name, text) : text),
    debug(namespace, message) {
      if (debugOn) stderr.write(`svcpack:${namespace} ${message}\n`);
    },
    enableDebug() {
      debugOn = true;
    },
  };
}
