/**
 * `npm run build` (after Vite has built the renderer): bundles the desktop app into out/ with
 * the app's runner modules built into the engine. Run with tsx.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_RUNNER_MODULES } from '../../services/index';
import { buildShell } from './bundles';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const started = Date.now();
const built = await buildShell({ root, outDir: `${root}out`, runnerModules: SERVICE_RUNNER_MODULES });
for (const { file } of Object.values(built)) {
  console.log(`  ${relative(root, file).padEnd(28)} ${(statSync(file).size / 1024).toFixed(0).padStart(6)} KiB`);
}
console.log(`desktop bundles built in ${Date.now() - started} ms (${SERVICE_RUNNER_MODULES.length} runner modules in the engine)`);
