import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { AnchorCheckInfo, SessionInfo } from '../../../preload/contract';
import type { Role } from '../../core/access/roles';
import type { PolicyProfile } from '../../core/access/policy';
import type { WritableDB } from '../../store/db';
import { CanvassError } from '../../core/shared/errors';
import { DEFAULT_SCRYPT, type ScryptParams } from '../../store/keyring';

/** Everything a use case needs: where the files are, the clock, the open store and the signed-in person. */
export type Session = {
  userId: number;
  username: string;
  fullName: string;
  roles: Role[];
  purposeId: number | null;
  locked: boolean;
  lastActivity: number;
  /** While locked (the store closed): what the lock screen shows of the session. */
  shown: SessionInfo | null;
  /** While locked: a check value derived from the data key, to know the unlocking password opens this store. */
  keyCheck: Buffer | null;
};

/**
 * The desktop around the app, given by main/app (Electron's dialog and shell); the e2e host gives its own. Absent
 * in plain Node (tests, tools): the methods that need it say so.
 */
export type Desktop = {
  /** Asks the person for a folder (a drive, a folder on one); null when they cancel. */
  pickFolder(title: string): Promise<string | null>;
  /** Opens a file with the viewer the system uses for it (a PDF reader). */
  openPath(path: string): Promise<void>;
};

export type ServiceOptions = {
  /** The workstation's data folder: the store, its keyring and exports live here. */
  dataDir: string;
  /** Shipped policy profiles (resources/policies). */
  profilesDir: string;
  exportDir?: string;
  clock?: () => Date;
  workstation?: string;
  /** Key-derivation cost; tests may lower it, the app never does. */
  scrypt?: ScryptParams;
  /** Fonts every PDF embeds (resources/fonts); by default beside the policy profiles. */
  fontsDir?: string;
  desktop?: Desktop;
};

export class Context {
  readonly storePath: string;
  readonly keyringPath: string;
  readonly profilesDir: string;
  readonly exportDir: string;
  readonly clock: () => Date;
  readonly workstation: string;
  readonly scrypt: ScryptParams;
  readonly fontsDir: string;
  readonly desktop: Desktop | null;
  readonly events = new EventEmitter();

  store: WritableDB | null = null;
  dataKey: Buffer | null = null;
  session: Session | null = null;
  /** Compares the log with the chain head the agency server holds (set by sync when it anchors the log). */
  anchorCheck: (() => Promise<AnchorCheckInfo>) | null = null;
  /** Cached from the store so the gate does not parse it on every call. */
  profile: PolicyProfile | null = null;
  agencyName = '';

  constructor(options: ServiceOptions) {
    this.storePath = join(options.dataDir, 'canvass.db');
    this.keyringPath = join(options.dataDir, 'keyring.json');
    this.profilesDir = options.profilesDir;
    this.exportDir = options.exportDir ?? join(options.dataDir, 'exports');
    this.clock = options.clock ?? (() => new Date());
    this.workstation = options.workstation ?? 'workstation';
    this.scrypt = options.scrypt ?? DEFAULT_SCRYPT;
    this.fontsDir = options.fontsDir ?? join(options.profilesDir, '..', 'fonts');
    this.desktop = options.desktop ?? null;
  }

  now(): Date {
    return this.clock();
  }

  nowIso(): string {
    return this.clock().toISOString();
  }

  private readonly closers = new Set<() => void>();

  /** Runs `fn` once, just before the open store closes (sign-out, lock, another user's sign-in, app exit). */
  beforeStoreCloses(fn: () => void): void {
    this.closers.add(fn);
  }

  /** Closes the store and wipes the key from memory (a lock keeps the policy: the idle rules still apply). */
  closeStore(options: { keepProfile?: boolean } = {}): void {
    const closers = [...this.closers];
    this.closers.clear();
    for (const fn of closers) {
      try {
        fn();
      } catch (err) {
        process.emitWarning(`Canvass: a step before closing the store failed: ${(err as Error)?.stack ?? String(err)}`);
      }
    }
    this.store?.close();
    this.store = null;
    this.dataKey?.fill(0);
    this.dataKey = null;
    if (!options.keepProfile) this.profile = null;
  }
}

/** The signed-in person's open store (the gate has checked there is one; this says so if not). */
export function storeOf(ctx: Context): WritableDB {
  if (!ctx.store) throw new CanvassError('NOT_SIGNED_IN', 'Sign in first.');
  return ctx.store;
}

export function profileOf(ctx: Context): PolicyProfile {
  if (!ctx.profile) throw new CanvassError('NOT_SET_UP', 'This workstation has no agency policy yet.');
  return ctx.profile;
}
