import type { AuditRecord, ChainLink } from '../../core/audit/chain';
import { CanvassError } from '../../core/shared/errors';
import type { WritableDB } from '../../store/db';
import { appendAuditBatch, commitsDurably } from '../../store/repos/audit';

type Waiting = { record: AuditRecord; resolve: (link: ChainLink) => void; reject: (err: unknown) => void };

/**
 * Group commit for access records written on their own (a search's record, not one that must share the
 * transaction of a change): records asked for while the event loop runs other work are written together in one
 * transaction on the durable connection, so one commit and one fsync of the WAL carry them all. Each caller's
 * promise settles after that commit returned, i.e. with its record on disk; a caller shows its results only then.
 * A record never waits for more than the current turn of the event loop: the batch is the records asked for
 * before it runs.
 */
export class AuditGroupCommit {
  private waiting: Waiting[] = [];
  private scheduled = false;
  /** Records written and transactions used, for the figures. */
  readonly stats = { records: 0, commits: 0 };

  constructor(private readonly db: WritableDB) {
    mustBeDurable(db);
  }

  /** Appends `record`; resolves with its link once the record is on disk. */
  append(record: AuditRecord): Promise<ChainLink> {
    return new Promise<ChainLink>((resolve, reject) => {
      this.waiting.push({ record, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.commit());
      }
    });
  }

  private commit(): void {
    if (this.db.inTransaction) {
      // Inside someone's open transaction the batch would commit with it, later: wait for it to end.
      setImmediate(() => this.commit());
      return;
    }
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    let links: ChainLink[];
    try {
      mustBeDurable(this.db);
      links = appendAuditBatch(
        this.db,
        batch.map((w) => w.record),
      );
    } catch (err) {
      // Nothing of the batch was committed (one transaction): every caller hears why.
      for (const w of batch) w.reject(err);
      return;
    }
    this.stats.records += batch.length;
    this.stats.commits++;
    batch.forEach((w, i) => w.resolve(links[i]!));
  }
}

/** The promise says "on disk": refused on a connection whose commits do not fsync (checked at every commit). */
function mustBeDurable(db: WritableDB): void {
  if (!commitsDurably(db)) {
    throw new CanvassError(
      'INTERNAL',
      'Group commit needs a durable connection: its promise says the record is on disk.',
    );
  }
}
