import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from '../../sdk/cli.js';
import type { CliEnvironment } from './environment.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** A built-in command of `crm-host`. Commands are data in a list, dispatched by their path. */
export interface BuiltinCommand {
  /** e.g. `['extension', 'install']`. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Usage text shown by `--help` (without the common options). */
  readonly usage: string;
  readonly options: OptionSpec;
  /** Names of the positional arguments, in order; `?` suffix marks an optional one. */
  readonly positionals: readonly string[];
  /** Checks the arguments before anything is opened; throw `usageError` for bad input. */
  validate?(args: ParsedArgs): void;
  run(args: ParsedArgs, io: CliIo, env: CliEnvironment): Promise<number>;
}
