/**
 * The SQLCipher binding. better-sqlite3-multiple-ciphers is pinned to 12.x (13.x needs Node 22). Node
 * (tests, tools, the e2e host) uses the build `npm install` made; Electron in development uses the build
 * from rebuild-electron.ts; a packaged app uses the one electron-builder rebuilt. Everything else imports
 * this module, never the package, so the binding is chosen in one place.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';

export type SqlDatabase = Database.Database;
export type SqlStatement = Database.Statement;

export type OpenOptions = { readonly?: boolean; fileMustExist?: boolean };

export function electronBindingPath(electronVersion: string): string {
  return join(__dirname, 'electron', electronVersion, 'better_sqlite3.node');
}

function nativeBinding(): string | undefined {
  const electron = process.versions.electron;
  if (!electron) return undefined;
  // From source (tsx) this file sits in native/; bundled by electron-vite it runs from out/main/ or out/main/chunks/.
  const candidates = [
    electronBindingPath(electron),
    ...['../..', '../../..'].map((up) => join(__dirname, up, 'native/electron', electron, 'better_sqlite3.node')),
  ];
  return candidates.find((p) => existsSync(p));
}

export function openDatabaseFile(path: string, options: OpenOptions = {}): SqlDatabase {
  return new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.fileMustExist ?? false,
    nativeBinding: nativeBinding(),
  });
}
