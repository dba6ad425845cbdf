import { join } from 'node:path';
import { hostname } from 'node:os';
import { app, BrowserWindow, dialog, shell } from 'electron';
import { createApi, type Api } from '../services/kernel/api';
import type { Desktop } from '../services/kernel/context';
import { bindContract } from './ipc';
import { hardenContents, hardenSession } from './security';
import { registerAppScheme, serveRenderer } from './rendererProtocol';
import { APP_ORIGIN } from '../services/kernel/rendererFiles';
import { devSwitches } from './switches';

/**
 * The only code that imports 'electron': lifecycle, the one window, security and the IPC binding.
 * Everything it serves comes from main/services through the contract.
 */
// First of all: a packaged build drops the test and development switches (main/app/switches.ts).
const switches = devSwitches(app.isPackaged, process.env, (name) => app.commandLine.getSwitchValue(name));
const isDev = !app.isPackaged && process.env.ELECTRON_RENDERER_URL !== undefined;

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let api: Api | null = null;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isAppUrl));

  app.whenReady().then(() => {
    hardenSession();
    if (!isDev) serveRenderer(join(__dirname, '../renderer'));
    api = createApi({
      // --canvass-data-dir (unpackaged builds only) lets a second store live beside the usual one (tests).
      dataDir: switches.dataDir ?? join(app.getPath('userData'), 'workstation'),
      profilesDir: join(resourcesDir(), 'policies'),
      exportDir: join(app.getPath('documents'), 'Canvass exports'),
      workstation: hostname(),
      desktop: desktopFor(() => window),
    });
    window = createWindow();
    const unbind = bindContract(api, window);
    window.on('closed', () => {
      unbind();
      window = null;
    });
  });

  app.on('window-all-closed', () => {
    api?.close();
    app.quit();
  });
}

/** Electron's folder dialog (the evidence medium), over the window, and the system's viewer (issued documents). */
function desktopFor(window: () => BrowserWindow | null): Desktop {
  return {
    async pickFolder(title) {
      const options: Electron.OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
      const over = window();
      const picked = over ? await dialog.showOpenDialog(over, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    async openPath(path) {
      const failed = await shell.openPath(path);
      if (failed) throw new Error(`The system could not open ${path}: ${failed}`);
    },
  };
}

function resourcesDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
}

function isAppUrl(url: string): boolean {
  if (isDev) return url.startsWith(process.env.ELECTRON_RENDERER_URL!);
  return url.startsWith(`${APP_ORIGIN}/`);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    show: false,
    title: 'Canvass',
    backgroundColor: '#101418',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  if (isDev) void win.loadURL(process.env.ELECTRON_RENDERER_URL!);
  else void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
