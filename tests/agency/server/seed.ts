import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyProfile } from '../../../main/core/access/policy';
import type { PolicyData } from '../../../main/core/sync/protocol';
import { CITY } from '../generator/city';
import { AgencyDataset, type GeneratedDetection, type GeneratedHit } from '../generator/dataset';
import { renderDetectionImages } from '../generator/images';
import { detectionInserter, getMeta, headRev, nextRevs, putRecord, setMeta, type AgencyStore } from './store';

export type SeedOptions = {
  seed: number;
  detections: number;
  endMs: number;
  days?: number;
  /** Which detections get rendered images at seeding: all, scenario and hit detections only, or none. */
  images: 'all' | 'evidence' | 'none';
  profilePath?: string;
  onProgress?: (done: number, total: number) => void;
};

export type SeedInfo = {
  seed: number;
  detections: number;
  endMs: number;
  days: number | null;
  images: SeedOptions['images'];
};

const PROFILE = join(__dirname, '../../../resources/policies/daly-city-pd.json');

export function hashPassword(
  password: string,
  salt = randomBytes(16).toString('base64'),
): { salt: string; hash: string } {
  return { salt, hash: scryptSync(password.normalize('NFC'), salt, 32, { N: 2 ** 14, r: 8, p: 1 }).toString('base64') };
}

export function checkPassword(password: string, salt: string, hash: string): boolean {
  const got = Buffer.from(hashPassword(password, salt).hash, 'base64');
  const want = Buffer.from(hash, 'base64');
  return got.length === want.length && timingSafeEqual(got, want);
}

export function seedInfo(db: AgencyStore): SeedInfo | null {
  const raw = getMeta(db, 'seed');
  return raw ? (JSON.parse(raw) as SeedInfo) : null;
}

export function datasetFor(info: SeedInfo): AgencyDataset {
  return new AgencyDataset({
    seed: info.seed,
    detections: info.detections,
    endMs: info.endMs,
    ...(info.days ? { days: info.days } : {}),
  });
}

/**
 * Fills an empty agency store from the generator: policy, users (with passwords), cameras, hot lists and
 * entries, then detections and hits streamed hour by hour in batched transactions. Writes the ground truth
 * beside the store (ground-truth.json) for tests and demos.
 */
export async function seedAgency(db: AgencyStore, dataDir: string, options: SeedOptions): Promise<AgencyDataset> {
  const dataset = new AgencyDataset({
    seed: options.seed,
    detections: options.detections,
    endMs: options.endMs,
    ...(options.days ? { days: options.days } : {}),
  });
  const profile = parsePolicyProfile(JSON.parse(readFileSync(options.profilePath ?? PROFILE, 'utf8')));
  db.transaction(() => {
    const policy: PolicyData = {
      agencyName: CITY.agency,
      ori: CITY.ori,
      profile: { ...profile, agencyName: CITY.agency },
    };
    putRecord(db, 'policy', 'policy', 'agency', policy);
    for (const u of dataset.users) {
      putRecord(db, 'user', 'users', u.id, u.data);
      const { salt, hash } = hashPassword(u.password);
      db.prepare('INSERT INTO credentials (user_id, username, salt, hash) VALUES (?, ?, ?, ?)').run(
        u.id,
        u.data.username,
        salt,
        hash,
      );
    }
    for (const c of dataset.cameras) {
      const { id, name, kind, lat, lon, heading } = c;
      putRecord(db, 'camera', 'cameras', id, { name, kind, lat, lon, heading });
    }
    for (const l of dataset.hotlists) putRecord(db, 'hotlist', 'hotlists', l.id, l.data);
    for (const e of dataset.entries) putRecord(db, 'hotlist_entry', 'hotlists', e.id, e.data);
  })();

  const insert = detectionInserter(db);
  const truthStmt = db.prepare(
    'INSERT INTO truth (detection_id, true_plate, vehicle, misread, scenario) VALUES (?, ?, ?, ?, ?)',
  );
  let done = 0;
  let pending: { detections: GeneratedDetection[]; hits: GeneratedHit[] }[] = [];
  let pendingCount = 0;
  const flush = async () => {
    const withImages: GeneratedDetection[] = [];
    for (const chunk of pending) {
      const hitIds = new Set(chunk.hits.map((h) => h.data.detectionId));
      for (const d of chunk.detections) {
        if (
          options.images === 'all' ||
          (options.images === 'evidence' && (d.truth.scenario !== null || hitIds.has(d.id)))
        )
          withImages.push(d);
      }
    }
    const rendered = await renderAll(withImages);
    db.transaction(() => {
      for (const [d, imgs] of rendered) {
        d.data.plateImage = imgs[0].sha256;
        d.data.overviewImage = imgs[1].sha256;
        for (const img of imgs)
          db.prepare('INSERT OR IGNORE INTO images (sha256, kind, mime, bytes) VALUES (?, ?, ?, ?)').run(
            img.sha256,
            img.kind,
            img.mime,
            img.bytes,
          );
      }
      for (const chunk of pending) {
        if (chunk.detections.length) {
          const first = nextRevs(db, 'detections', chunk.detections.length);
          chunk.detections.forEach((d, i) => {
            insert({ id: d.id, rev: first + i, version: 1, data: d.data });
            if (d.truth.misread || d.truth.scenario)
              truthStmt.run(d.id, d.truth.plate, d.truth.vehicle, d.truth.misread ? 1 : 0, d.truth.scenario);
          });
        }
        for (const h of chunk.hits) putRecord(db, 'hit', 'hits', h.id, h.data, h.data.at);
      }
    })();
    done += pendingCount;
    options.onProgress?.(done, options.detections);
    pending = [];
    pendingCount = 0;
  };
  for (const chunk of dataset.detections()) {
    pending.push(chunk);
    pendingCount += chunk.detections.length;
    if (pendingCount >= 20_000) await flush();
  }
  await flush();
  const info: SeedInfo = {
    seed: options.seed,
    detections: options.detections,
    endMs: options.endMs,
    days: options.days ?? null,
    images: options.images,
  };
  setMeta(db, 'seed', JSON.stringify(info));
  writeFileSync(join(dataDir, 'ground-truth.json'), JSON.stringify(groundTruth(dataset), null, 2));
  return dataset;
}

async function renderAll(
  list: GeneratedDetection[],
): Promise<[GeneratedDetection, Awaited<ReturnType<typeof renderDetectionImages>>][]> {
  const out: [GeneratedDetection, Awaited<ReturnType<typeof renderDetectionImages>>][] = [];
  for (let i = 0; i < list.length; i += 8) {
    const slice = list.slice(i, i + 8);
    const imgs = await Promise.all(slice.map((d) => renderDetectionImages(d.truth.plate, d.data)));
    slice.forEach((d, j) => out.push([d, imgs[j]!]));
  }
  return out;
}

export function groundTruth(dataset: AgencyDataset): unknown {
  const { shooting, burglary, clonedPlate } = dataset.truth;
  const v = (x: {
    plate: string;
    state: string;
    make: string;
    model: string;
    color: string;
    body: string;
    features: number;
  }) => ({
    plate: x.plate,
    state: x.state,
    make: x.make,
    model: x.model,
    color: x.color,
    body: x.body,
    features: x.features,
  });
  return {
    window: { from: new Date(dataset.startMs).toISOString(), to: new Date(dataset.endMs).toISOString() },
    shooting: { ...shooting, at: new Date(shooting.at).toISOString(), suspect: v(shooting.suspect) },
    burglary: {
      ...burglary,
      sites: burglary.sites.map((s) => ({ ...s, at: new Date(s.at).toISOString() })),
      van: v(burglary.van),
    },
    clonedPlate: { ...clonedPlate, genuine: v(clonedPlate.genuine), clone: v(clonedPlate.clone) },
    demoAccounts: dataset.users.map((u) => ({
      username: u.data.username,
      password: u.password,
      roles: u.data.roles,
      note: u.note,
    })),
  };
}

export function lastDetection(db: AgencyStore): { id: number; seenAt: number; hitId: number } {
  const d = db.prepare('SELECT max(id) AS id, max(seen_at) AS seenAt FROM detections').get() as {
    id: number | null;
    seenAt: number | null;
  };
  const h = db.prepare("SELECT max(CAST(id AS INTEGER)) AS id FROM records WHERE kind = 'hit'").get() as {
    id: number | null;
  };
  return { id: d.id ?? 0, seenAt: d.seenAt ?? 0, hitId: h.id ?? 0 };
}

export { headRev };
