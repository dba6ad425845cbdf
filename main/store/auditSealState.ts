import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HmacHex } from '../core/audit/seal';
import { deriveSubkey, openSealedKey, sealKey, writeFileAtomic } from './sealedKey';

/**
 * The forward-secure sealing key as it stands (core/audit/seal.ts): the current epoch and its key, in
 * `audit-seal.json` beside the store, encrypted under a key derived from the data key and bound to its epoch.
 * Each evolution overwrites the file (written to a temporary file, fsynced, renamed), so the previous epoch's
 * key is no longer kept by Canvass. (A file system may still hold old blocks until they are reused: see the
 * threat model.)
 */
export type SealState = { series: string; epoch: number; keyHex: string; lastSealAt: string | null };

export const hmacHex: HmacHex = (keyHex, text) =>
  createHmac('sha256', Buffer.from(keyHex, 'hex')).update(text, 'utf8').digest('hex');

export function sealStatePath(storePath: string): string {
  return join(dirname(storePath), 'audit-seal.json');
}

/** A fresh root key: handed to the agency server at enrollment, never written here. */
export function newSealRoot(): string {
  return randomBytes(32).toString('hex');
}

function aad(series: string, epoch: number): Buffer {
  return Buffer.from(`canvass-audit-seal/v1/${series}/${epoch}`, 'utf8');
}

export function readSealState(path: string, dataKey: Buffer): SealState | 'missing' | 'unreadable' {
  if (!existsSync(path)) return 'missing';
  const kek = deriveSubkey(dataKey, 'canvass/audit-seal/v1');
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as {
      series: string;
      epoch: number;
      lastSealAt: string | null;
      key: { iv: string; tag: string; wrapped: string };
    };
    const key = openSealedKey(kek, aad(o.series, o.epoch), o.key);
    if (!key) return 'unreadable';
    const keyHex = key.toString('hex');
    key.fill(0);
    return { series: o.series, epoch: o.epoch, keyHex, lastSealAt: o.lastSealAt ?? null };
  } catch {
    return 'unreadable';
  } finally {
    kek.fill(0);
  }
}

export function writeSealState(path: string, dataKey: Buffer, state: SealState): void {
  const kek = deriveSubkey(dataKey, 'canvass/audit-seal/v1');
  const key = Buffer.from(state.keyHex, 'hex');
  try {
    const sealed = sealKey(kek, aad(state.series, state.epoch), key);
    writeFileAtomic(
      path,
      JSON.stringify({
        format: 'canvass-audit-seal',
        version: 1,
        series: state.series,
        epoch: state.epoch,
        lastSealAt: state.lastSealAt,
        key: sealed,
      }),
      'the access log’s sealing state',
    );
  } finally {
    kek.fill(0);
    key.fill(0);
  }
}

export function removeSealState(path: string): void {
  rmSync(path, { force: true });
}
