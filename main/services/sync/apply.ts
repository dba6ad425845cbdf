import type {
  CameraData,
  DetectionData,
  Feed,
  HitData,
  HitTransitionData,
  HotlistChangeData,
  HotlistData,
  HotlistEntryData,
  PolicyData,
  UserData,
  WireRecord,
} from '../../core/sync/protocol';
import type { PolicyProfile } from '../../core/access/policy';
import { HIT_STATE_LABELS } from '../../core/hotlists/hitStates';
import { createAgency, getAgency, renameAgency, updateProfile } from '../../store/repos/agency';
import { detectionUpserter, type DetectionUpserter } from '../../store/repos/detections';
import {
  adoptLocalEntry,
  hotlistStatements,
  moveHit,
  removeOrDeleteEntry,
  upsertHit,
  upsertHotlist,
  upsertHotlistEntry,
  type HotlistStatements,
} from '../../store/repos/hotlists';
import { deleteServerChange, upsertServerChange } from '../../store/repos/hotlistChanges';
import {
  acceptThrough,
  applyServerTransition,
  getTransition,
  pendingTransitionsOf,
  supersedePending,
  type TransitionRow,
} from '../../store/repos/hitTransitions';
import { insertTraining, linkRemoteTraining, remoteTrainingId, updateTraining } from '../../store/repos/training';
import {
  findUserByName,
  getUser,
  insertUser,
  linkRemoteUser,
  remoteUserLink,
  setDisabled,
  setRoles,
  setSupervisor,
  updateUserFields,
} from '../../store/repos/users';
import type { WritableDB } from '../../store/db';
import { cameraIds, deleteCamera, upsertCameras } from '../../store/repos/cameras';

/** A record the engine could parse but not apply (e.g. it names a camera the workstation does not know). */
export type Unapplied = { record: WireRecord; reason: string };

/** What a users-feed change means for sign-in on this workstation: the auth service acts on these. */
export type UserChange = {
  username: string;
  localUserId: number;
  change: 'added' | 'updated' | 'disabled' | 'enabled';
};

export type ApplyResult = { upserted: number; deleted: number; unapplied: Unapplied[] };

export type ApplyHooks = {
  now: () => Date;
  /** Writes an access-log record in the current transaction (policy changes are audited). */
  audit: (action: string, data: Record<string, string | number | boolean | null>) => void;
  userChanges: UserChange[];
};

/**
 * Applies validated records of one page to the store. The caller runs it in the page's transaction, with
 * the cursor update, so a page is applied entirely or not at all. Upserts keep the newer version, tombstones
 * delete what they name: replaying a page changes nothing.
 */
export class FeedApplier {
  private hot: HotlistStatements | null = null;
  private cameraIds: Set<string> | null = null;
  private det: DetectionUpserter | null = null;

  constructor(
    private readonly db: WritableDB,
    private readonly hooks: ApplyHooks,
  ) {}

  apply(feed: Feed, records: WireRecord[]): ApplyResult {
    switch (feed) {
      case 'detections':
        return this.detections(records);
      case 'cameras':
        return this.cameras(records);
      case 'hotlists':
      case 'hits':
        return this.hotlists(records);
      case 'users':
        return this.users(records);
      case 'policy':
        return this.policy(records);
    }
  }

  private knownCameras(): Set<string> {
    this.cameraIds ??= cameraIds(this.db);
    return this.cameraIds;
  }

  private detections(records: WireRecord[]): ApplyResult {
    const cameras = this.knownCameras();
    const det = (this.det ??= detectionUpserter(this.db));
    const unapplied: Unapplied[] = [];
    let upserted = 0;
    let deleted = 0;
    for (const r of records) {
      if ('deleted' in r) {
        deleted += det.remove(r.id as number, r.version);
        continue;
      }
      const d = r.data as DetectionData;
      if (!cameras.has(d.cameraId)) {
        unapplied.push({ record: r, reason: `names camera ${d.cameraId}, which the cameras feed has not delivered` });
        continue;
      }
      det.upsert(r.id as number, r.version, d);
      upserted++;
    }
    return { upserted, deleted, unapplied };
  }

  private cameras(records: WireRecord[]): ApplyResult {
    const cameras = this.knownCameras();
    let deleted = 0;
    const rows = [];
    for (const r of records) {
      if ('deleted' in r) {
        // A camera that detections still point to stays until those detections are purged.
        deleted += deleteCamera(this.db, r.id as string, r.version);
        continue;
      }
      const c = r.data as CameraData;
      rows.push({ id: r.id as string, version: r.version, ...c });
      cameras.add(r.id as string);
    }
    upsertCameras(this.db, rows);
    return { upserted: rows.length, deleted, unapplied: [] };
  }

  private hotlists(records: WireRecord[]): ApplyResult {
    const s = (this.hot ??= hotlistStatements(this.db));
    const at = this.hooks.now().toISOString();
    let upserted = 0;
    let deleted = 0;
    for (const r of records) {
      if ('deleted' in r) {
        const id = r.id as number;
        if (r.kind === 'hotlist') deleted += s.deleteList.run(r.id, r.version).changes;
        else if (r.kind === 'hotlist_entry') deleted += removeOrDeleteEntry(s, id, r.version, at);
        else if (r.kind === 'hotlist_change') deleted += deleteServerChange(this.db, id, r.version);
        else if (r.kind === 'hit') deleted += s.deleteHit.run(id, r.version).changes;
        continue;
      }
      if (r.kind === 'hotlist') upsertHotlist(s, r.id as string, r.version, r.data as HotlistData);
      else if (r.kind === 'hotlist_entry') {
        const e = r.data as HotlistEntryData;
        // The server's copy of an entry entered here replaces the local one (negative id) it was pushed from.
        if (e.requestKey) adoptLocalEntry(this.db, e.requestKey, r.id as number);
        upsertHotlistEntry(s, r.id as number, r.version, e);
      } else if (r.kind === 'hotlist_change')
        upsertServerChange(this.db, r.id as number, r.version, r.data as HotlistChangeData);
      else if (r.kind === 'hit_transition') applyServerTransition(this.db, r.id as number, r.data as HitTransitionData);
      else this.hit(s, r.id as number, r.version, r.data as HitData, at);
      upserted++;
    }
    return { upserted, deleted, unapplied: [] };
  }

  /**
   * A hit from the server, with this workstation's transitions still on their way to it: if the server's last
   * accepted transition is one of ours, those up to it are accepted and the rest stay applied; if another
   * workstation moved the hit since ours started, the server's version wins and ours are marked superseded with
   * who moved it; a replay of the version ours started from leaves ours applied.
   */
  private hit(s: HotlistStatements, id: number, version: number, h: HitData, at: string): void {
    const pending = pendingTransitionsOf(this.db, id);
    upsertHit(s, id, version, h, at);
    if (pending.length === 0) return;
    const last = h.lastKey ? getTransition(this.db, h.lastKey) : null;
    if (last && last.sync !== 'remote') {
      acceptThrough(this.db, id, last.key);
      const rest = pendingTransitionsOf(this.db, id);
      if (rest.length) reapply(this.db, id, rest);
      return;
    }
    if (version > pending[0]!.baseVersion) {
      const who = h.movedBy ? `${h.movedBy.fullName} (${h.movedBy.username})` : 'someone on another workstation';
      const where = h.movedBy?.workstation ? ` on ${h.movedBy.workstation}` : '';
      const when = h.movedAt ? ` at ${h.movedAt}` : '';
      supersedePending(
        this.db,
        id,
        `${who} had already moved this hit to ${HIT_STATE_LABELS[h.status]}${h.closedAt ? ' (closed)' : ''}${when}${where}: the agency server’s version stands, and the transition made here was not applied.`,
      );
      return;
    }
    reapply(this.db, id, pending);
  }

  /**
   * Server users become local accounts (without a password: the first sign-in here needs the server, which
   * checks the credentials before the store key is wrapped for them). A local account of the same username
   * made before enrollment is linked, not duplicated. Users are never deleted: the access log names them.
   */
  private users(records: WireRecord[]): ApplyResult {
    const at = this.hooks.now().toISOString();
    const profile = getAgency(this.db)?.profile ?? null;
    let upserted = 0;
    let deleted = 0;
    const supervisors: [number, string | null][] = [];
    for (const r of records) {
      const link = remoteUserLink(this.db, r.id);
      if ('deleted' in r) {
        if (link) {
          if (!this.isDisabled(link.userId)) {
            setDisabled(this.db, link.userId, at);
            this.hooks.userChanges.push({
              username: this.usernameOf(link.userId),
              localUserId: link.userId,
              change: 'disabled',
            });
          }
          deleted++;
        }
        continue;
      }
      const u = r.data as UserData;
      if (link && link.version > r.version) continue;
      let userId = link?.userId;
      let change: UserChange['change'] = 'updated';
      if (userId === undefined) {
        const existing = findUserByName(this.db, u.username);
        userId = existing
          ? existing.id
          : insertUser(
              this.db,
              {
                username: u.username,
                fullName: u.fullName,
                badgeId: u.badgeId,
                classification: u.classification,
                roles: u.roles,
                createdBy: null,
              },
              at,
            );
        if (!existing) change = 'added';
      }
      linkRemoteUser(this.db, r.id, userId, r.version);
      updateUserFields(this.db, userId, u);
      setRoles(this.db, userId, u.roles);
      const wasDisabled = this.isDisabled(userId);
      if (u.disabled && !wasDisabled) {
        setDisabled(this.db, userId, at);
        if (change !== 'added') change = 'disabled';
      } else if (!u.disabled && wasDisabled) {
        setDisabled(this.db, userId, null);
        change = 'enabled';
      }
      this.training(userId, u.training);
      this.checkClassification(u, profile);
      supervisors.push([userId, u.supervisor]);
      this.hooks.userChanges.push({ username: u.username, localUserId: userId, change });
      upserted++;
    }
    // After the page: a supervisor may be a user the same page brings.
    for (const [userId, supervisor] of supervisors)
      setSupervisor(this.db, userId, supervisor ? (findUserByName(this.db, supervisor)?.id ?? null) : null);
    return { upserted, deleted, unapplied: [] };
  }

  /**
   * The agency server may hold accounts the policy does not let near ALPR data (a classification it does not
   * list). They arrive like any other (the access log names them), the arrival is recorded, and the gate
   * refuses them ALPR data on every call.
   */
  private checkClassification(u: UserData, profile: PolicyProfile | null): void {
    if (!profile || u.disabled || profile.classifications.some((c) => c.id === u.classification)) return;
    this.hooks.audit('users.classification_not_allowed', {
      username: u.username,
      classification: u.classification,
      profile: profile.id,
    });
  }

  private training(userId: number, training: UserData['training']): void {
    const at = this.hooks.now().toISOString();
    for (const t of training) {
      const held = remoteTrainingId(this.db, t.id);
      const course = { course: t.course, completedOn: t.completedOn, instructor: t.instructor, topics: t.topics ?? [] };
      if (held !== null) {
        updateTraining(this.db, held, course);
      } else {
        const id = insertTraining(this.db, { userId, ...course, recordedBy: null }, at);
        linkRemoteTraining(this.db, t.id, id);
      }
    }
  }

  private usernameOf(userId: number): string {
    return getUser(this.db, userId)!.username;
  }

  private isDisabled(userId: number): boolean {
    return getUser(this.db, userId)?.disabledAt != null;
  }

  private policy(records: WireRecord[]): ApplyResult {
    const at = this.hooks.now().toISOString();
    let upserted = 0;
    for (const r of records) {
      if ('deleted' in r) continue; // The agency's policy is never deleted; a tombstone here is ignored.
      const p = r.data as PolicyData;
      const current = getAgency(this.db);
      if (!current) createAgency(this.db, { name: p.agencyName, ori: p.ori, profile: p.profile }, at);
      else {
        if (
          JSON.stringify(current.profile) === JSON.stringify(p.profile) &&
          current.name === p.agencyName &&
          current.ori === p.ori
        )
          continue;
        updateProfile(this.db, p.profile, at);
        renameAgency(this.db, p.agencyName, p.ori);
      }
      this.hooks.audit('policy.update', { source: 'agency server', profileId: p.profile.id, version: r.version });
      upserted++;
    }
    return { upserted, deleted: 0, unapplied: [] };
  }
}

/** The hit takes the state of the last of this workstation's transitions the server has not answered yet. */
function reapply(db: WritableDB, hitId: number, pending: TransitionRow[]): void {
  const t = pending[pending.length - 1]!;
  moveHit(db, hitId, {
    status: t.to,
    rejectReason: t.details.reason,
    disposition: t.action === 'close' ? t.details.disposition : null,
    dispositionNote: t.action === 'close' ? t.details.note : null,
    closedAt: t.action === 'close' ? t.at : null,
    movedBy: t.username,
    movedByName: t.fullName,
    movedAt: t.at,
  });
}
