/**
 * `longshot` entry: finds the command from the leading words, parses its options with
 * node:util parseArgs (strict, so a typo is an error), prints help, and turns every failure into
 * one line on stderr and a non-zero exit code.
 */
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { commands } from './commands/index';
import { CliError, type Command, type CommandIo } from './command';

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const matches = command.path.every((word, i) => argv[i] === word);
    if (matches && (!best || command.path.length > best.command.path.length)) {
      best = { command, rest: argv.slice(command.path.length) };
    }
  }
  return best;
}

function commandHelp(command: Command): string {
  const lines = [`Usage: longshot ${command.path.join(' ')}${command.positionals ? ` ${command.positionals}` : ''} [options]`, '', command.summary, ''];
  const options = Object.entries(command.options ?? {});
  lines.push('Options:');
  for (const [name, spec] of options) {
    const flag = `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    lines.push(`  ${flag.padEnd(28)} ${spec.description}`);
  }
  lines.push(`  ${'--help'.padEnd(28)} Show this help`);
  return lines.join('\n');
}

function generalHelp(prefix: string[] = []): string {
  const shown = commands.filter((c) => prefix.every((w, i) => c.path[i] === w));
  const width = Math.max(...shown.map((c) => c.path.join(' ').length));
  return [
    'Usage: longshot <command> [options]',
    '',
    'Commands:',
    ...shown.map((c) => `  ${c.path.join(' ').padEnd(width + 2)} ${c.summary}`),
    '',
    "Run 'longshot <command> --help' for a command's options.",
  ].join('\n');
}

/** Signals that stop a command as Ctrl-C does: its job is cancelled, what is saved is kept, the project's write lease is given back. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How long a command may take to wind down after SIGTERM or SIGHUP before the process exits anyway. */
const STOP_GRACE_MS = 10_000;

/** Runs the CLI and returns the exit code; never throws. */
export async function main(argv: string[], io?: Partial<CommandIo>): Promise<number> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    controller.abort(new Error('interrupted'));
    // SIGTERM and SIGHUP ended every command before they were caught here; one that does not
    // watch its signal still ends, and the exit hook of writer-lease.ts gives the lease back.
    if (signal !== 'SIGINT') setTimeout(() => process.exit(128 + constants.signals[signal]), STOP_GRACE_MS).unref();
  };
  for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
  const full: CommandIo = {
    out: io?.out ?? ((line) => process.stdout.write(`${line}\n`)),
    err: io?.err ?? ((line) => process.stderr.write(`${line}\n`)),
    signal: io?.signal ?? controller.signal,
  };
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      full.out(generalHelp());
      return 0;
    }
    const found = findCommand(argv);
    if (!found) {
      const prefixMatches = commands.some((c) => c.path[0] === argv[0]);
      if (prefixMatches && (argv.length === 1 || argv.includes('--help'))) {
        full.out(generalHelp([argv[0] as string]));
        return argv.includes('--help') ? 0 : 2;
      }
      throw new CliError(`unknown command '${argv.join(' ')}'. Run 'longshot --help' for the list.`, 2);
    }
    const { command, rest } = found;
    if (rest.includes('--help') || rest.includes('-h')) {
      full.out(commandHelp(command));
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
    } catch (error) {
      throw new CliError(`${(error as Error).message}. Run 'longshot ${command.path.join(' ')} --help'.`, 2);
    }
    return await command.run(parsed, full);
  } catch (error) {
    if (error instanceof CliError) {
      full.err(`longshot: ${error.message}`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    full.err(`longshot: ${message}`);
    return 1;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}
