// Entry of an engine child process (see node-transport.ts). The sources are TypeScript, so the
// child registers tsx before importing them, as the `longshot` command does. argv: the absolute
// paths of the runner modules to load.
import { register } from 'tsx/esm/api';

register();
const { runEngineChild } = await import('./engine-process.ts');
await runEngineChild(process.argv.slice(2));
