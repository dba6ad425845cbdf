import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_PREFIX, EVENTS, METHODS } from '../../preload/contract';
import type { Api } from '../services/kernel/api';

/**
 * Binds each contract method to its own channel. A call is accepted only from the main window's own
 * frame; arguments are validated by the handler's schema inside `api.call`.
 */
export function bindContract(api: Api, window: BrowserWindow): () => void {
  const fromOurWindow = (event: IpcMainInvokeEvent) =>
    event.sender.id === window.webContents.id && event.senderFrame === window.webContents.mainFrame;
  for (const method of METHODS) {
    ipcMain.handle(CHANNEL_PREFIX + method, (event, args: unknown) => {
      if (!fromOurWindow(event))
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Canvass window.' } };
      return api.call(method, args);
    });
  }
  const unsubscribe = EVENTS.map((event) =>
    api.on(event, (payload) => {
      if (!window.isDestroyed()) window.webContents.send(CHANNEL_PREFIX + event, payload);
    }),
  );
  return () => {
    for (const method of METHODS) ipcMain.removeHandler(CHANNEL_PREFIX + method);
    for (const off of unsubscribe) off();
  };
}
