/** Extension point: a `crm-host <group> <name> [args]` command. */
export interface CliCommand {
  /** e.g. `oidc`. */
  readonly group: string;
  /** e.g. `test-login`. */
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  /** Full usage text for `crm-host <group> <name> --help`. */
  readonly usage: string;
  /** Returns the exit code. Write output through `io`. Throw a HostError for bad arguments (exit 2). */
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}
