/**
 * Picks the engine process's compute backend when the process starts (tfjs-node-gpu, then
 * tfjs-node, then wasm, then cpu), runs the layer self-test, and reports the choice in the
 * engine's `ready` message, so the app can say what runs and why the faster ones did not.
 */
import { initEngine, selfTest } from '../../engine';
import { registerBackendSetup } from '../runners';

registerBackendSetup(async () => {
  const info = await initEngine();
  const failures = await selfTest();
  const parts = [
    `${info.backend} on ${info.device}`,
    info.simd === null ? null : info.simd ? 'SIMD' : 'no SIMD',
    `${info.threads} thread${info.threads === 1 ? '' : 's'}`,
    info.kernelOverrides.active ? 'fast CPU kernels on' : null,
  ].filter((part): part is string => part !== null);
  const skipped = info.skipped.map((s) => `${s.backend}: ${s.reason}`);
  const broken = failures.map((f) => `self-test failed for ${f.layer} (${f.kernel}): ${f.message}`);
  return {
    name: info.backend,
    detail: [parts.join(', '), ...skipped, ...(info.warning ? [info.warning] : []), ...broken].join('; '),
    slow: info.slow,
  };
});
