/**
 * The `longshot` CLI run in this process for the CLI tests of every folder: what it prints is
 * captured line by line, and Ctrl-C can be played when a given line appears.
 */
import { main } from '../main/cli/index';

/** What one CLI run returned and printed. */
export interface CliResult {
  code: number;
  out: string[];
  err: string[];
}

/** Runs `longshot ...argv`; `abortWhen` aborts the run's signal (Ctrl-C) after an output line it matches. */
export async function runCli(argv: string[], abortWhen?: RegExp): Promise<CliResult> {
  const controller = new AbortController();
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (line) => {
      out.push(line);
      if (abortWhen?.test(line)) controller.abort();
    },
    err: (line) => err.push(line),
    signal: controller.signal,
  });
  return { code, out, err };
}
