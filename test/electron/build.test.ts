// The desktop build: the esbuild bundles (main, engine with its runners, sandboxed preload,
// afterPack hook), the bundled engine running a real job over the utility-process protocol, the
// main process's event loop staying free while that engine generates, the release fuses flipped
// by the built hook, and the electron-builder configuration.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { RELEASE_FUSES, electronBinaryPath } from '../../main/electron/build/fuses';
import { initEngine } from '../../main/engine/backend';
import { drawLossRandomness, flowLoss, type LossDraws } from '../../main/engine/flow/loss';
import type { TaskBatch } from '../../main/engine/flow/tasks';
import { VideoModel } from '../../main/engine/model/model';
import { computeGradients, type Gradients } from '../../main/engine/optim/gradients';
import { Rng } from '../../main/engine/optim/rng';
import { DataParallel } from '../../main/engine/parallel/data-parallel';
import { TRAIN_WORKER_BUNDLE } from '../../main/engine/parallel/protocol';
import { selfTestConfig } from '../../main/engine/selftest';
import { buildShell, engineEntrySource, type ShellBuild } from '../../main/electron/build/bundles';
import { portTransport } from '../../main/electron/engine/port-transport';
import { shellPaths } from '../../main/electron/app/shell-paths';
import { JobHost } from '../../main/jobs/index';
import { locateFfmpeg } from '../../main/media/index';
import { SERVICE_RUNNER_MODULES, createServiceContext, handleCall } from '../../main/services/index';
import { listFootage } from '../../main/project/index';
import { recordEvents, tempProjects } from '../jobs/helpers';
import { IPC_CALL, IPC_EVENT, MEDIA_SCHEME, calls, channels, eventNames } from '../../preload/api';
import { nodeEngineProcess } from './fixtures/node-engine-process';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHIM = fileURLToPath(new URL('./fixtures/parent-port-shim.mjs', import.meta.url));
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

let outDir: string;
let built: ShellBuild;

/** The packages a bundle loads at run time (esbuild's record of its external imports). */
function externals(part: keyof ShellBuild): Set<string> {
  const output = Object.values(built[part].metafile.outputs).find((o) => o.entryPoint !== undefined);
  return new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path));
}

beforeAll(async () => {
  // In the repository (a git-ignored folder), so the bundles find node_modules as the app's do;
  // not under out/, where `npm start` keeps a better-sqlite3 built for Electron, not for Node.
  outDir = mkdtempSync(join(ROOT, '.longshot-test-build-'));
  built = await buildShell({ root: ROOT, outDir, runnerModules: SERVICE_RUNNER_MODULES });
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('bundles', () => {
  it('writes the five bundles where the shell looks for them', () => {
    const paths = shellPaths(ROOT);
    expect(relative(ROOT, paths.preload)).toBe(join('out', 'preload', 'index.cjs'));
    expect(relative(ROOT, paths.engineEntry)).toBe(join('out', 'main', 'engine.cjs'));
    expect(relative(outDir, built.main.file)).toBe(join('main', 'electron.cjs'));
    expect(relative(outDir, built.preload.file)).toBe(join('preload', 'index.cjs'));
    // The engine starts its training workers from the built worker beside it, not from sources.
    expect(relative(outDir, built.trainWorker.file)).toBe(join('main', TRAIN_WORKER_BUNDLE));
    // (LONGSHOT_BUNDLE, the switch data-parallel.ts reads, is defined in the bundle.)
    const engineSource = readFileSync(built.engine.file, 'utf8');
    expect(engineSource).toContain(TRAIN_WORKER_BUNDLE);
    expect(engineSource).not.toMatch(/\bLONGSHOT_BUNDLE\b/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/electron.cjs');
  });

  it('makes a preload that requires nothing but electron and never exposes ipcRenderer itself', () => {
    expect([...externals('preload')]).toEqual(['electron']);
    const source = readFileSync(built.preload.file, 'utf8');
    expect(source).toContain('exposeInMainWorld("longshot"');
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });

  it('keeps packages external to the main bundle and puts every runner module in the engine', () => {
    for (const part of ['main', 'engine'] as const) {
      for (const name of externals(part)) expect(name, `${part} imports ${name}`).toMatch(/^(node:|@?[a-z0-9][\w.-]*(\/[\w.-]+)*$)/);
    }
    expect(externals('main')).toContain('electron');
    expect(externals('engine')).not.toContain('electron');
    const inputs = Object.keys(built.engine.metafile.inputs);
    for (const runner of SERVICE_RUNNER_MODULES) expect(inputs).toContain(relative(ROOT, runner).split('\\').join('/'));
    expect(engineEntrySource(['/a/r.ts'], '/a/entry.ts')).toBe('import "/a/r.ts";\nimport "/a/entry.ts";');
  });
});

describe('bundled preload', () => {
  /** Runs the preload bundle as Electron would, with its two Electron objects recorded. */
  function loadPreload(answer: (channel: string, input: unknown) => Promise<unknown>) {
    const exposed = new Map<string, unknown>();
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    const invoked: { channel: string; input: unknown }[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: {
        invoke: (channel: string, input: unknown) => {
          invoked.push({ channel, input });
          return answer(channel, input);
        },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, listener),
        removeListener: (channel: string, listener: unknown) => {
          if (listeners.get(channel) === listener) listeners.delete(channel);
        },
      },
    };
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(built.preload.file, 'utf8'), { require: sandboxRequire, module, exports: module.exports });
    return { exposed, listeners, invoked };
  }

  it('exposes exactly the contract as window.longshot, over the contract channel names', async () => {
    const { exposed, invoked } = loadPreload(async (channel) => ({ ok: true, value: channel }));
    expect([...exposed.keys()]).toEqual(['longshot']);
    const api = exposed.get('longshot') as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
    const areas = Object.keys(calls);
    expect(Object.keys(api).sort()).toEqual([...areas, 'events', 'mediaUrl'].sort());
    for (const area of areas) expect(Object.keys(api[area] ?? {}).sort()).toEqual(Object.keys(calls[area as keyof typeof calls]).sort());
    for (const channel of channels) {
      const [area, name] = channel.split('.') as [string, string];
      expect(await api[area]?.[name]?.({ probe: channel })).toEqual({ ok: true, value: `${IPC_CALL}${channel}` });
    }
    expect(invoked.map((i) => i.channel)).toEqual(channels.map((c) => `${IPC_CALL}${c}`));
    expect(invoked[0]?.input).toEqual({ probe: channels[0] });
    const mediaUrl = api.mediaUrl as unknown as (id: string, path: string) => string;
    expect(mediaUrl('Ab_9', 'media/previews/my frame #1.png')).toBe(`${MEDIA_SCHEME}://Ab_9/media/previews/my%20frame%20%231.png`);
  });

  it('turns answers outside the contract and IPC failures into transport errors', async () => {
    let reply: () => Promise<unknown> = async () => ({ nonsense: true });
    const { exposed } = loadPreload(() => reply());
    const api = exposed.get('longshot') as { system: { info(): Promise<{ ok: boolean; error?: { code: string } }> } };
    expect(await api.system.info()).toMatchObject({ ok: false, error: { code: 'transport' } });
    reply = () => Promise.reject(new Error('no handler registered'));
    expect(await api.system.info()).toMatchObject({ ok: false, error: { code: 'transport' } });
  });

  it('subscribes to every contract event and unsubscribes again', () => {
    const { exposed, listeners } = loadPreload(async () => ({ ok: true, value: null }));
    const events = (exposed.get('longshot') as { events: Record<string, (handler: (payload: unknown) => void) => () => void> }).events;
    expect(Object.keys(events).sort()).toEqual([...eventNames].sort());
    for (const event of eventNames) {
      const received: unknown[] = [];
      const unsubscribe = events[event]?.((payload) => received.push(payload));
      listeners.get(`${IPC_EVENT}${event}`)?.({ sender: 'main' }, { event });
      expect(received).toEqual([{ event }]);
      unsubscribe?.();
      expect(listeners.has(`${IPC_EVENT}${event}`)).toBe(false);
    }
  });
});

describe('bundled engine', () => {
  it('runs a real import job over the utility-process protocol', async () => {
    const projects = tempProjects();
    const host = new JobHost({ engine: () => portTransport(nodeEngineProcess(built.engine.file, [], ['--import', SHIM]), () => undefined) });
    try {
      const ffmpeg = await locateFfmpeg();
      const clip = join(projects.dir, 'clip.mp4');
      execFileSync(ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=96x64:rate=8', '-t', '1', '-pix_fmt', 'yuv420p', clip]);
      const project = projects.create('Bundled');
      host.attach(project);
      const recorded = recordEvents(host);
      const job = host.enqueue(project.path, { kind: 'import', params: { sourcePath: clip, fit: 'crop' } });
      const final = await host.waitFor(project.path, job.id);
      expect(final.status, final.error ?? '').toBe('done');
      const ready = recorded.of('engine-ready')[0];
      expect(ready?.kinds).toEqual(expect.arrayContaining(['generate', 'import']));
      expect(ready?.pid).not.toBe(process.pid);
      expect(listFootage(project.db)).toHaveLength(1);
    } finally {
      await host.close();
      projects.dispose();
    }
  });
});

describe('bundled training worker', () => {
  it('computes the gradients of its shard as the engine would', async () => {
    await initEngine({ backend: 'wasm' });
    const config = selfTestConfig();
    const model = new VideoModel(config, 1);
    const params = model.params();
    const clips = tf.randomUniform([3, 4, config.video.height, config.video.width, 3], -1, 1, 'float32', 5) as tf.Tensor5D;
    const batch: TaskBatch = { kind: 'retrieval', clips, captions: ['', '', ''], targetIndices: [[0, 3], [3, 1], [2, 2]] };
    const draws = drawLossRandomness(Rng.fromSeed(7), 3, config.flow);
    const gradientsOf = (b: TaskBatch, d: LossDraws): Gradients => computeGradients(params, () => flowLoss(model, b, d));
    const pool = await DataParallel.start(config, 1, params, 2, pathToFileURL(built.trainWorker.file));
    try {
      const whole = gradientsOf(batch, draws);
      const shared = await pool.gradients(params, batch, draws, gradientsOf);
      expect(Math.abs(shared.loss - whole.loss)).toBeLessThan(1e-6 * Math.max(1, whole.loss));
      tf.dispose([...whole.grads.values(), ...shared.grads.values()]);
    } finally {
      await pool.close();
      tf.dispose([clips, ...params.values()]);
    }
  });
});

describe('main process during generation', () => {
  it('stays responsive while the bundled engine generates in its own process', async () => {
    const home = mkdtempSync(join(tmpdir(), 'longshot-responsive-'));
    process.env.LONGSHOT_HOME = home;
    // The app's session as the shell builds it, with the bundled engine over the utility-process protocol.
    const ctx = createServiceContext({ projectsDir: join(home, 'projects'), appVersion: '0.0.0-test', engine: () => portTransport(nodeEngineProcess(built.engine.file, [], ['--import', SHIM]), () => undefined) });
    const call = async (channel: string, input: unknown): Promise<Record<string, unknown>> => {
      const answer = await handleCall(channel, input, ctx);
      if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
      return answer.value as Record<string, unknown>;
    };
    const delay = monitorEventLoopDelay({ resolution: 10 });
    try {
      const settings = { durationSec: 2, fps: 4, width: 32, height: 32, modelId: 'random:tiny', samplingSteps: 2 };
      const project = await call('projects.create', { name: 'Responsive', settings });
      await call('storyboard.add', { projectId: project.id, caption: { startSec: 0, endSec: 2, text: 'a red circle rolls along a beach' } });
      const job = await call('generation.start', { projectId: project.id, seed: 7 });
      delay.enable();
      const final = await ctx.jobs.waitFor(String(project.path), Number(job.id));
      delay.disable();
      expect(final.status, final.error ?? '').toBe('done');
      // Measured on 2 busy cores: p99 23-52 ms, max 54-105 ms over a 6-7 s generation. The same
      // generation with the engine in this process: p99 455 ms, max 2.3 s (model set-up, sampling).
      expect(delay.percentile(99) / 1e6).toBeLessThan(200);
      expect(delay.max / 1e6).toBeLessThan(750);
    } finally {
      await ctx.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('release fuses', () => {
  /** A file laid out like an Electron binary around its fuse wire, in Electron's default state. */
  function fakeElectron(file: string): void {
    const defaults = '101100011';
    writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), Buffer.from([1, defaults.length]), Buffer.from(defaults), Buffer.alloc(4096, 9)]));
  }

  it('flips every release fuse with the built afterPack hook and reads them back', async () => {
    const appOutDir = join(outDir, 'linux-unpacked');
    mkdirSync(appOutDir);
    const context = { appOutDir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'Longshot' }, executableName: 'longshot' } };
    fakeElectron(electronBinaryPath(context));
    const { afterPack } = (await import(pathToFileURL(built.afterPack.file).href)) as { afterPack: (c: unknown) => Promise<void> };
    await afterPack(context);
    const wire = await getCurrentFuseWire(join(appOutDir, 'longshot'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(Object.keys(RELEASE_FUSES)).toHaveLength(7);
    // A binary without a fuse wire fails the build rather than shipping unflipped.
    writeFileSync(join(appOutDir, 'longshot'), Buffer.alloc(1024, 1));
    await expect(afterPack(context)).rejects.toThrow(/sentinel/);
  });

  it('finds the binary of each platform', () => {
    const base = { appOutDir: '/o', packager: { appInfo: { productFilename: 'Longshot' } } };
    expect(electronBinaryPath({ ...base, electronPlatformName: 'win32' })).toBe(join('/o', 'Longshot.exe'));
    expect(electronBinaryPath({ ...base, electronPlatformName: 'darwin' })).toBe(join('/o', 'Longshot.app'));
    expect(electronBinaryPath({ ...base, electronPlatformName: 'linux' })).toBe(join('/o', 'Longshot'));
  });
});

describe('electron-builder configuration', () => {
  // electron-builder's own schema check (what `npm run dist` runs first), from its library.
  const require = createRequire(import.meta.url);
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: (c: unknown, l: unknown) => Promise<void> };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const yaml = require('js-yaml') as { load: (text: string) => Record<string, unknown> };
  const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));

  it('is valid, builds the promised installers and runs the fuse hook', async () => {
    await validateConfiguration(structuredClone(config), new DebugLogger(false));
    expect(config).toMatchObject({
      asar: true,
      // better-sqlite3 (and tfjs-node) rebuilt for Electron's ABI inside the app being packed.
      npmRebuild: true,
      afterPack: './out/build/after-pack.mjs',
      linux: { target: ['AppImage', 'deb'] },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'] },
    });
    const unpacked = config.asarUnpack as string[];
    for (const needed of ['node_modules/@ffmpeg-installer/**', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', 'assets/models/**', '**/*.node']) {
      expect(unpacked).toContain(needed);
    }
    await expect(validateConfiguration({ ...structuredClone(config), linux: { target: ['AppImage'], nonsense: true } }, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it("names the app as the installers do (its data and log folders) and runs npm start and dist as documented", () => {
    // Electron takes the app's name, and with it userData and the logs folder, from package.json's
    // productName (else its lower-case name); electron-builder names the installers from its config.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { productName?: string; scripts: Record<string, string> };
    expect(config.productName).toBe('Longshot');
    expect(pkg.productName).toBe(config.productName);
    // npm start: bundles, then better-sqlite3 for Electron beside them, then Electron; npm run dist: bundles, then this file.
    expect(pkg.scripts.start).toBe('npm run build && tsx main/electron/build/electron-native.ts && electron .');
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder --config electron-builder.yml');
  });
});
