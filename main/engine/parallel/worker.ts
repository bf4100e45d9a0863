/**
 * A data-parallel worker thread: its own tfjs engine (the same backend and kernels as the main
 * thread's, so a shard's gradients are what the main thread would compute for those rows) and
 * its own copy of the model, whose weights every step overwrites. It keeps no state between
 * steps besides that copy, so a step is a pure function of its message.
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '../backend';
import { flowLoss } from '../flow/loss';
import { VideoModel } from '../model/model';
import { computeGradients } from '../optim/gradients';
import { assignFlat, flattenGradients } from './flat';
import type { FromWorker, ToWorker } from './protocol';
import { disposeBatch, unpackBatch } from './shards';

const port = parentPort;
if (port === null) throw new Error('parallel/worker.ts runs as a worker thread');

let model: VideoModel | null = null;
let names: string[] = [];

const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init': {
      await initEngine(message.engine);
      model = new VideoModel(message.model, message.seed);
      names = message.names;
      send({ type: 'ready' });
      return;
    }
    case 'step': {
      const running = model as VideoModel;
      const params = running.params();
      assignFlat(names, params, message.weights);
      const batch = unpackBatch(message.shard.batch);
      try {
        const { loss, grads } = computeGradients(params, () => flowLoss(running, batch, message.shard.draws));
        const gradients = flattenGradients(names, grads);
        tf.dispose([...grads.values()]);
        send({ type: 'gradients', id: message.id, loss, gradients }, [gradients.values.buffer as ArrayBuffer]);
      } finally {
        disposeBatch(batch);
      }
    }
  }
}

// Messages are handled one at a time, in order: a step never starts before init has finished.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  queue = queue.then(() => handle(message)).catch((error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? `${error.message}` : String(error) });
  });
});
