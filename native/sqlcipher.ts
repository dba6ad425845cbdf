/**
 * The SQLCipher binding. better-sqlite3-multiple-ciphers is pinned to 12.x (13.x needs Node 22); the
 * Electron build gets its own ABI rebuild (see rebuild-electron.ts). Everything else imports this module,
 * never the package, so the binding can be swapped or relocated (asar-unpacked) in one place.
 */
import Database from 'better-sqlite3-multiple-ciphers';

export type SqlDatabase = Database.Database;
export type SqlStatement = Database.Statement;

export type OpenOptions = { readonly?: boolean; fileMustExist?: boolean };

export function openDatabaseFile(path: string, options: OpenOptions = {}): SqlDatabase {
  return new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.fileMustExist ?? false });
}
