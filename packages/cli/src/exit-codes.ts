/** SPEC §2: what the process exit code says. */
export const EXIT = {
  ok: 0,
  /** A user-fixable error: bad config, missing entrypoint, failed build. */
  userError: 1,
  /** Bad usage: unknown flag, bad value. */
  usage: 2,
  /** A bug in svcpack: the stack is printed. */
  internal: 3,
  /** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
  interrupted: 130,
} as const;
