/**
 * What every evaluation records beside its numbers, so a figure can be traced and re-made: the
 * exact command, the seed, the machine (CPU model and count, memory, OS, Node) and the compute
 * backend, the hashes of the models it scored, and when it ran.
 */
import { cpus, platform, release, totalmem } from 'node:os';
import { openDataset } from '../data/index';
import type { EngineInfo } from '../engine/backend/index';

/** The machine and backend a run used. */
export interface MachineRecord {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  backend: string;
  threads: number | null;
  simd: boolean | null;
  kernelOverrides: boolean;
}

/** A model an evaluation used, by path and weights hash. */
export interface ModelRecordRef {
  role: string;
  path: string | null;
  sha256: string | null;
}

/** A dataset an evaluation read, with what it takes to write it again. */
export interface DataRecord {
  dir: string;
  source: string;
  videos: number;
  /** Seconds of each video (the first video's; Storyworld datasets use one length). */
  seconds: number;
  width: number;
  height: number;
  fps: number;
  seed: number;
  /** The `longshot` command that writes the same Storyworld dataset, or null for footage. */
  recreate: string | null;
}

/** Where a result came from. */
export interface Provenance {
  command: string;
  seed: number;
  data: DataRecord[];
  startedAt: string;
  finishedAt: string;
  seconds: number;
  machine: MachineRecord;
  models: ModelRecordRef[];
}

/** The machine record of this process with the running engine `engine`. */
export function machineRecord(engine: EngineInfo): MachineRecord {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? 'unknown', cores: all.length, memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`, node: process.version, backend: engine.backend,
    threads: engine.threads, simd: engine.simd, kernelOverrides: engine.kernelOverrides.active,
  };
}

/** What the datasets in `dirs` are. */
export function dataRecords(dirs: readonly string[]): DataRecord[] {
  return dirs.map((dir) => {
    const { file } = openDataset(dir);
    const seconds = file.videos[0]?.seconds ?? 0;
    const recreate = file.source === 'storyworld'
      ? `longshot data storyworld --videos ${file.videos.length} --seconds ${seconds} --width ${file.width} --height ${file.height} --fps ${file.fps} --seed ${file.seed} --out ${dir}`
      : null;
    return { dir, source: file.source, videos: file.videos.length, seconds, width: file.width, height: file.height, fps: file.fps, seed: file.seed, recreate };
  });
}

/** Records the start of a run; `finish` completes the record. */
export class ProvenanceClock {
  private readonly started = new Date();

  constructor(private readonly command: string, private readonly seed: number, private readonly machine: MachineRecord, private readonly data: DataRecord[]) {}

  /** The full record, stamped now. */
  finish(models: readonly ModelRecordRef[]): Provenance {
    const finished = new Date();
    return {
      command: this.command, seed: this.seed, data: this.data, startedAt: this.started.toISOString(), finishedAt: finished.toISOString(),
      seconds: Math.round((finished.getTime() - this.started.getTime()) / 100) / 10, machine: this.machine, models: [...models],
    };
  }
}
