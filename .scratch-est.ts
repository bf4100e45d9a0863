import { estimateMemory, presetConfig } from './main/engine/presets';
import { forwardFlops, defaultWorkload, sequenceLayout } from './main/engine/model/cost';
const g = (x: number) => (x / 2 ** 30).toFixed(3);
for (const name of ['tiny', 'base'] as const) {
  const c = presetConfig(name);
  console.log(name, sequenceLayout(c, defaultWorkload(c)));
  for (const mode of ['sample', 'train'] as const) for (const batch of [1, 4, 16]) {
    const e = estimateMemory(name, { batch, historySeconds: c.memory.historySeconds, rate: '4x4x2', mode });
    console.log(name, mode, batch, g(e.weightsBytes), g(e.activationBytes), g(e.attentionBytes), 'total', g(e.totalBytes));
  }
}
