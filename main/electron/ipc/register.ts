/**
 * The IPC side of the contract in Electron: one `ipcMain.handle` per call channel, every one
 * registered through `handleGuarded` (sender check, then handleCall's validation), and the
 * services' events sent to the app's windows under the contract's event names. The channel list
 * is the contract's own, so there is no second list of calls to keep in step.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL, IPC_EVENT, channels, type EventName } from '../../../preload/api';
import { isAppUrl } from '../policy/origins';
import { guardedCall, type Dispatch, type RefusalLog, type SenderInfo } from './guard';

function describeSender(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return { frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame };
}

/** The one way an IPC handler is registered: through the sender check. */
function handleGuarded(channel: string, dispatch: Dispatch, log: RefusalLog): void {
  ipcMain.handle(`${IPC_CALL}${channel}`, (event, rawInput: unknown) => guardedCall(channel, describeSender(event), rawInput, dispatch, log));
}

/** Registers every call of the contract; returns the function that removes them again. */
export function registerCallHandlers(dispatch: Dispatch, log: RefusalLog): () => void {
  for (const channel of channels) handleGuarded(channel, dispatch, log);
  return () => {
    for (const channel of channels) ipcMain.removeHandler(`${IPC_CALL}${channel}`);
  };
}

/** Sends one contract event (already validated by the bus) to every window showing the app. */
export function sendToAppWindows(event: EventName, payload: unknown): void {
  for (const window of BrowserWindow.getAllWindows()) {
    const contents = window.webContents;
    // A window that somehow shows another page must not receive project data.
    if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(`${IPC_EVENT}${event}`, payload);
  }
}
