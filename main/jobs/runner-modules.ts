/**
 * The modules that register the app's job runners, loaded by every engine (child process or
 * in-process) before it says it is ready. Add a runner by writing its module (which calls
 * `registerRunner`) and listing its absolute path here, e.g.
 * `fileURLToPath(new URL('./runners/generate.ts', import.meta.url))`.
 */
import { fileURLToPath } from 'node:url';

const runner = (file: string): string => fileURLToPath(new URL(`./runners/${file}`, import.meta.url));

export const RUNNER_MODULES: readonly string[] = [
  runner('backend.ts'),
  runner('generate.ts'),
  runner('fidelity.ts'),
  runner('train.ts'),
  runner('export.ts'),
  fileURLToPath(new URL('../eval/runner.ts', import.meta.url)),
];
