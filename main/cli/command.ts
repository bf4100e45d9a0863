/**
 * The shape of one `longshot` sub-command. Each command lives in its own file under
 * main/cli/commands/ and is listed once in main/cli/commands/index.ts.
 */
import type { ParseArgsConfig } from 'node:util';

/** Option specs as node:util parseArgs takes them, plus a line of help for each. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  description: string;
  /** Placeholder shown in help, e.g. DIR or N. */
  value?: string;
};

/** Parsed arguments handed to a command. */
export interface CommandArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Where a command writes; tests pass their own to capture output. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Aborted on SIGINT so long commands can stop cleanly. */
  signal: AbortSignal;
}

export interface Command {
  /** Words that select the command, e.g. ['project', 'create']. */
  path: string[];
  summary: string;
  /** Positional arguments as shown in help, e.g. 'NAME'. */
  positionals?: string;
  options?: Record<string, OptionSpec>;
  /** Returns the exit code. Throw a CliError for a one-line failure. */
  run(args: CommandArgs, io: CommandIo): Promise<number>;
}

/** A failure the user caused or can fix: printed as one line, exit code 1 (or the given one). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
