/**
 * The bridge: exactly the contract's methods, each on its own `canvass:<method>` channel, and the
 * contract's events. Nothing generic crosses (no `send(channel)`), and this file imports only the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_PREFIX, EVENTS, METHODS, type Bridge, type EventName } from './contract';

const api: Record<string, unknown> = {};
for (const method of METHODS) {
  api[method] = (args?: unknown) => ipcRenderer.invoke(CHANNEL_PREFIX + method, args);
}
api.on = (event: EventName, listener: (payload: unknown) => void) => {
  if (!(EVENTS as readonly string[]).includes(event)) throw new Error(`Unknown event ${String(event)}`);
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(CHANNEL_PREFIX + event, wrapped);
  return () => ipcRenderer.removeListener(CHANNEL_PREFIX + event, wrapped);
};

contextBridge.exposeInMainWorld('canvass', api as Bridge);
