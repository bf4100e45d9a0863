/**
 * The Electron bridge: exposes the contract's `Api` to the sandboxed renderer as
 * `window.longshot`, one `ipcRenderer.invoke` per call and one IPC listener per subscription.
 * The bridge adds no logic of its own: main validates every argument (handleCall), and the
 * renderer never sees ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApi, encodeMediaPath, IPC_CALL, IPC_EVENT, MEDIA_SCHEME, resultSchema, type Result, type Transport } from './api';

function transportError(message: string): Result<never> {
  return { ok: false, error: { code: 'transport', message } };
}

const ipcTransport: Transport = {
  async invoke(channel, input) {
    try {
      const answer: unknown = await ipcRenderer.invoke(`${IPC_CALL}${channel}`, input);
      const parsed = resultSchema.safeParse(answer);
      return parsed.success ? parsed.data : transportError(`${channel}: the main process answered outside the contract`);
    } catch (error) {
      return transportError(`${channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
  subscribe(event, handler) {
    const listener = (_event: IpcRendererEvent, payload: unknown) => handler(payload);
    ipcRenderer.on(`${IPC_EVENT}${event}`, listener);
    return () => {
      ipcRenderer.removeListener(`${IPC_EVENT}${event}`, listener);
    };
  },
  mediaUrl: (projectId, mediaPath) => `${MEDIA_SCHEME}://${encodeURIComponent(projectId)}/${encodeMediaPath(mediaPath)}`,
};

contextBridge.exposeInMainWorld('longshot', createApi(ipcTransport));
