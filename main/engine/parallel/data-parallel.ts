/**
 * Data-parallel gradients over the cores of one machine. tfjs's wasm backend computes on one
 * thread in Node, so a training engine alone leaves every other core idle; this one splits each
 * step's batch into row shards (shards.ts), computes the first on its own thread and hands each
 * other to a worker thread (worker.ts) with its own engine and model copy, and combines the
 * shards' gradients weighted by their share of the rows.
 *
 * The result is the batch's gradient up to float32 summation order (the shards sum in a fixed
 * order, so a run with a given worker count is reproducible, and resumes exactly). A worker that
 * fails or exits fails the step with TrainError('worker_failed') at once and stops the others:
 * the run ends with its last checkpoint intact, never hangs.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { runningEngineOptions } from '../backend';
import type { LossDraws } from '../flow/loss';
import type { TaskBatch } from '../flow/tasks';
import type { ModelConfig } from '../model/config';
import type { Gradients } from '../optim/gradients';
import { TrainError } from '../train/errors';
import { flatten, unflattenGradients, type FlatGradients } from './flat';
import { TRAIN_WORKER_BUNDLE, type FromWorker, type ToWorker } from './protocol';
import { batchRows, batchShard, disposeBatch, drawsShard, packShard, shardRanges, shardTransfers, type RowRange } from './shards';

/** Set by the desktop app's esbuild bundles (main/electron/build/bundles.ts); absent when running from sources. */
declare const LONGSHOT_BUNDLE: boolean | undefined;

/** The worker's script: the built one beside the engine bundle inside the app, else the sources' tsx entry. */
function workerScript(): URL {
  // In the CommonJS bundle __dirname is the bundle's folder (out/main), where train-worker.cjs is built.
  return typeof LONGSHOT_BUNDLE !== 'undefined'
    ? pathToFileURL(join(__dirname, TRAIN_WORKER_BUNDLE))
    : new URL('./worker-entry.mjs', import.meta.url);
}

interface Pending {
  resolve(result: { loss: number; gradients: FlatGradients }): void;
  reject(error: Error): void;
}

/** One worker thread and the step it is computing. */
class WorkerLink {
  private pending = new Map<number, Pending>();
  private ready: { resolve(): void; reject(error: Error): void } | null = null;
  private closing = false;

  constructor(readonly index: number, private readonly worker: Worker, private readonly onFailure: (error: TrainError) => void) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(`worker ${index} crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(`worker ${index} exited (code ${code})`);
    });
  }

  /** Starts the worker's engine and model; resolves when it is ready. */
  init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ready = { resolve, reject };
      this.worker.postMessage(message);
    });
  }

  /** Sends one step's weights and shard; resolves with the shard's loss and gradients. */
  step(id: number, weights: Float32Array, range: RowRange, batch: TaskBatch, draws: LossDraws): Promise<{ loss: number; gradients: FlatGradients }> {
    const shard = packShard(batch, draws, range);
    const message: ToWorker = { type: 'step', id, weights, shard };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(message, [weights.buffer as ArrayBuffer, ...shardTransfers(shard)]);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  /** Fails whatever waits on this worker (the pool then stops the rest). */
  rejectAll(error: TrainError): void {
    this.ready?.reject(error);
    this.ready = null;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        this.ready?.resolve();
        this.ready = null;
        return;
      case 'gradients': {
        // A step the pool gave up on (its own shard threw) may still answer: nobody waits for it.
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        pending?.resolve({ loss: message.loss, gradients: message.gradients });
        return;
      }
      case 'failed':
        this.fail(`worker ${this.index} failed: ${message.message}`);
    }
  }

  private fail(reason: string): void {
    if (this.closing) return;
    this.onFailure(new TrainError('worker_failed', `data-parallel training stopped: ${reason}; the last checkpoint is intact, and the run continues from it when started again`));
  }
}

/** This engine and `workers - 1` worker threads sharing every step's batch. */
export class DataParallel {
  private nextId = 1;
  private failure: TrainError | null = null;

  private constructor(
    private readonly links: WorkerLink[],
    private readonly names: string[],
    private readonly shapes: Map<string, number[]>,
  ) {}

  /**
   * Starts `engines - 1` workers for a model of `config` whose parameters are `params` (this
   * engine's; their names fix the order weights and gradients travel in). Needs a started engine.
   * `script` replaces the worker's script (tests start one that dies on cue).
   */
  static async start(
    config: ModelConfig, seed: number, params: ReadonlyMap<string, tf.Variable>, engines: number, script: URL = workerScript(),
  ): Promise<DataParallel> {
    const engine = runningEngineOptions();
    const names = [...params.keys()];
    const shapes = new Map([...params].map(([name, variable]) => [name, [...variable.shape]]));
    let pool: DataParallel | null = null;
    const links: WorkerLink[] = [];
    // Workers report only from later turns of the event loop, by when `pool` is set.
    const onFailure = (error: TrainError): void => pool?.fail(error);
    for (let i = 1; i < engines; i++) links.push(new WorkerLink(i, new Worker(script), onFailure));
    pool = new DataParallel(links, names, shapes);
    try {
      // A plain copy: what the worker builds its model from is exactly what a checkpoint would store.
      const model = JSON.parse(JSON.stringify(config)) as ModelConfig;
      await Promise.all(links.map((link) => link.init({ type: 'init', engine, model, seed, names })));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Engines sharing a step, this one included. */
  get engines(): number {
    return this.links.length + 1;
  }

  /**
   * The gradients of `lossFn`'s batch mean over `batch` at `params`' present values: this
   * engine's shard here, the others on the workers, combined by row share in shard order.
   */
  async gradients(
    params: ReadonlyMap<string, tf.Variable>, batch: TaskBatch, draws: LossDraws,
    shardGradients: (batch: TaskBatch, draws: LossDraws) => Gradients,
  ): Promise<Gradients> {
    if (this.failure) throw this.failure;
    const rows = batchRows(batch);
    const ranges = shardRanges(rows, this.engines);
    const id = this.nextId++;
    const weights = flatten(this.names, params);
    const remote = this.links.map((link, i) => {
      const range = ranges[i + 1] as RowRange;
      // Each worker takes its own copy of the weights: a transferred buffer is gone from this thread.
      return link.step(id, i === this.links.length - 1 ? weights : weights.slice(), range, batch, draws);
    });
    // A rejection is handled by the await below; until then it must not count as unhandled.
    for (const promise of remote) promise.catch(() => undefined);
    const own = ranges[0] as RowRange;
    const ownBatch = batchShard(batch, own);
    let local: Gradients;
    try {
      local = shardGradients(ownBatch, drawsShard(draws, own));
    } finally {
      disposeBatch(ownBatch);
    }
    const shards: Gradients[] = [local];
    try {
      for (const answer of await Promise.all(remote)) {
        shards.push({ loss: answer.loss, grads: unflattenGradients(this.names, this.shapes, answer.gradients) });
      }
      return combine(shards, ranges.map((range) => range.count / rows));
    } finally {
      for (const shard of shards) tf.dispose([...shard.grads.values()]);
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.links.map((link) => link.close()));
  }

  private fail(error: TrainError): void {
    if (this.failure) return;
    this.failure = error;
    for (const link of this.links) link.rejectAll(error);
    void this.close();
  }
}

/** Σ share_i · gradients_i, in shard order (a parameter missing from a shard adds nothing there). */
function combine(shards: readonly Gradients[], shares: readonly number[]): Gradients {
  const loss = shards.reduce((sum, shard, i) => sum + (shares[i] as number) * shard.loss, 0);
  const names = new Set(shards.flatMap((shard) => [...shard.grads.keys()]));
  const grads = new Map<string, tf.Tensor>();
  for (const name of names) {
    grads.set(name, tf.tidy(() => {
      let sum: tf.Tensor | null = null;
      shards.forEach((shard, i) => {
        const grad = shard.grads.get(name);
        if (grad === undefined) return;
        const scaled = tf.mul(grad, shares[i] as number);
        sum = sum === null ? scaled : tf.add(sum, scaled);
      });
      return sum as unknown as tf.Tensor;
    }));
  }
  return { loss, grads };
}
