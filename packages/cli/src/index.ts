/** Runs the svcpack CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  void argv;
  return 3;
}
