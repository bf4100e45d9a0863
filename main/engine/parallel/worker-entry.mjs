// Entry of a data-parallel worker thread when the engine runs from its TypeScript sources (the
// CLI, tests, benchmarks): a worker starts without the parent's tsx hooks, so it registers them
// before loading the worker. The desktop app's bundle has a built worker instead (train-worker.cjs).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
