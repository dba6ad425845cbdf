import { daysInMonth } from '../shared/calendar';
import type { Inquiry } from './screening';

/**
 * A Flock Safety organization-audit CSV (docs/audits.md, "Imported logs"), read strictly: every line is checked
 * and the first bad one refuses the whole file, with its line number and why. Nothing in it becomes Canvass data:
 * its inquiries are labelled `imported` and kept apart.
 *
 * Columns (header names matched ignoring case, spaces and underscores): ID, Org Name, Total Networks Searched,
 * Total Devices Searched, Time Frame (one cell "start - end") or Time Frame Start and Time Frame End, Reason,
 * Search Time, Search Type, Moderation; optionally User. Times read like `11/14/2025, 09:53:36 AM UTC`.
 */

export const FLOCK_LIMITS = { bytes: 64 << 20, rows: 1_000_000, cell: 2000 } as const;

const COLUMNS = {
  id: ['id'],
  org: ['orgname', 'organization', 'organizationname'],
  networks: ['totalnetworkssearched'],
  devices: ['totaldevicessearched'],
  frame: ['timeframe'],
  frameStart: ['timeframestart'],
  frameEnd: ['timeframeend'],
  reason: ['reason'],
  time: ['searchtime'],
  type: ['searchtype'],
  moderation: ['moderation'],
  user: ['user', 'username', 'useremail', 'email', 'name'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['id', 'org', 'networks', 'devices', 'reason', 'time', 'type', 'moderation'];

/** The search types Flock names; any other word is kept as it is (a new type should not refuse a whole export). */
export const FLOCK_SEARCH_TYPES = ['lookup', 'search', 'freeform', 'visual', 'multiGeo', 'convoy'];

export type FlockRow = {
  line: number;
  id: string;
  org: string;
  networks: number;
  devices: number;
  frameStart: string;
  frameEnd: string;
  reason: string;
  searchTime: string;
  searchType: string;
  moderation: string;
  user: string | null;
};

export type FlockParse = { ok: true; rows: FlockRow[] } | { ok: false; line: number; reason: string };

const normalise = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/[\s_]+/g, '')
    .toLowerCase();

const TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})\s*(AM|PM)\s*(UTC|GMT|Z)$/i;

/** `11/14/2025, 09:53:36 AM UTC` as ISO-8601, or null when it is not such a time. */
export function parseFlockTime(text: string): string | null {
  const m = TIME.exec(text.trim());
  if (!m) return null;
  const mo = +m[1]!;
  const d = +m[2]!;
  const y = +m[3]!;
  const h = +m[4]!;
  const mi = +m[5]!;
  const s = +m[6]!;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 1 || h > 12 || mi > 59 || s > 59) return null;
  const hour = (h % 12) + (m[7]!.charCodeAt(0) === 80 /* P */ || m[7]!.charCodeAt(0) === 112 ? 12 : 0);
  return new Date(Date.UTC(y, mo - 1, d, hour, mi, s)).toISOString();
}

/** RFC 4180 records with the physical line each starts on; a quote left open is reported at its line. */
export function* csvRecords(
  text: string,
): Generator<{ line: number; cells: string[] } | { line: number; error: string }> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        // Whole runs up to the next quote at a time: a doubled quote is one quote, a single one closes the cell.
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) {
            yield { line: start, error: 'a quoted cell is never closed' };
            return;
          }
          const run = text.slice(i, q);
          for (let nl = run.indexOf('\n'); nl >= 0; nl = run.indexOf('\n', nl + 1)) line++;
          cell += run;
          if (text[q + 1] === '"') {
            cell += '"';
            i = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          yield { line: start, error: 'text follows a closing quote' };
          return;
        }
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        cell = text.slice(from, i);
        if (cell.includes('"')) {
          yield { line: start, error: 'a quote inside an unquoted cell' };
          return;
        }
      }
      cells.push(cell);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    if (!(cells.length === 1 && cells[0] === '')) yield { line: start, cells };
  }
}

const COUNT = /^\d{1,9}$/;

export function parseFlockCsv(text: string): FlockParse {
  if (text.length > FLOCK_LIMITS.bytes)
    return { ok: false, line: 0, reason: `The file is larger than ${FLOCK_LIMITS.bytes >> 20} MB.` };
  const records = csvRecords(text);
  const first = records.next();
  if (first.done) return { ok: false, line: 1, reason: 'The file is empty.' };
  if ('error' in first.value)
    return { ok: false, line: first.value.line, reason: `The header cannot be read: ${first.value.error}.` };
  const header = first.value.cells.map(normalise);
  const at: Partial<Record<Column, number>> = {};
  for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const idx = header.findIndex((h) => names.includes(h));
    if (idx >= 0) at[col] = idx;
  }
  const missing = REQUIRED.filter((c) => at[c] === undefined);
  const hasFrame = at.frame !== undefined || (at.frameStart !== undefined && at.frameEnd !== undefined);
  if (missing.length || !hasFrame) {
    const names = [
      ...missing.map((c) => COLUMNS[c][0]),
      ...(hasFrame ? [] : ['Time Frame (or Time Frame Start and Time Frame End)']),
    ];
    return {
      ok: false,
      line: 1,
      reason: `This is not a Flock organization-audit export: the header has no ${names.join(', ')} column.`,
    };
  }
  const rows: FlockRow[] = [];
  const ids = new Set<string>();
  for (const r of records) {
    if ('error' in r) return { ok: false, line: r.line, reason: `The line cannot be read: ${r.error}.` };
    const bad = (reason: string): FlockParse => ({ ok: false, line: r.line, reason });
    if (r.cells.length !== header.length) {
      return bad(`It has ${r.cells.length} cells; the header has ${header.length}.`);
    }
    if (rows.length >= FLOCK_LIMITS.rows) return bad(`More than ${FLOCK_LIMITS.rows} rows.`);
    const cell = (c: Column) => (at[c] === undefined ? '' : r.cells[at[c]]!.trim());
    const long = r.cells.findIndex((c) => c.length > FLOCK_LIMITS.cell);
    if (long >= 0) return bad(`A cell is longer than ${FLOCK_LIMITS.cell} characters.`);
    const id = cell('id');
    if (id === '') return bad('The ID is empty.');
    if (ids.has(id)) return bad(`The ID ${id} appears twice.`);
    ids.add(id);
    const networks = cell('networks');
    const devices = cell('devices');
    if (!COUNT.test(networks)) return bad(`Total Networks Searched “${networks}” is not a whole number.`);
    if (!COUNT.test(devices)) return bad(`Total Devices Searched “${devices}” is not a whole number.`);
    const searchTime = parseFlockTime(cell('time'));
    if (!searchTime) return bad(`The Search Time “${cell('time')}” is not a time like 11/14/2025, 09:53:36 AM UTC.`);
    let startText: string;
    let endText: string;
    if (at.frameStart !== undefined && at.frameEnd !== undefined) {
      startText = cell('frameStart');
      endText = cell('frameEnd');
    } else {
      const parts = cell('frame').split(/\s+(?:-|–|—|to)\s+/);
      if (parts.length !== 2) return bad(`The Time Frame “${cell('frame')}” is not “start - end”.`);
      [startText, endText] = parts as [string, string];
    }
    const frameStart = parseFlockTime(startText);
    const frameEnd = parseFlockTime(endText);
    if (!frameStart) return bad(`The Time Frame start “${startText}” is not a time like 11/14/2025, 09:53:36 AM UTC.`);
    if (!frameEnd) return bad(`The Time Frame end “${endText}” is not a time like 11/14/2025, 09:53:36 AM UTC.`);
    if (frameEnd < frameStart) return bad('The Time Frame ends before it starts.');
    const type = cell('type');
    if (!/^[A-Za-z][A-Za-z0-9 _-]{0,39}$/.test(type)) return bad(`The Search Type “${type}” is not a search type.`);
    const known = FLOCK_SEARCH_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
    rows.push({
      line: r.line,
      id,
      org: cell('org'),
      networks: Number(networks),
      devices: Number(devices),
      frameStart,
      frameEnd,
      reason: cell('reason'),
      searchTime,
      searchType: known ?? type,
      moderation: cell('moderation'),
      user: cell('user') || null,
    });
  }
  return { ok: true, rows };
}

/** A row as an audit sees it: labelled imported, its reason one free-text cell, keyed by the export's own ID. */
export function inquiryFromFlock(row: FlockRow): Inquiry {
  return {
    key: `flock:${row.id}`,
    source: 'imported',
    workstation: row.org,
    seq: row.line,
    at: row.searchTime,
    username: row.user,
    action: `flock.${row.searchType}`,
    purpose: { numberKind: null, number: null, purposeId: null, description: row.reason, freeText: true },
    plates: [],
    windowHours: (Date.parse(row.frameEnd) - Date.parse(row.frameStart)) / 3_600_000,
    // A vendor's search names how many networks and devices it reached, not an area: bounded unless it left the agency.
    bounded: row.networks <= 1,
    networks: row.networks,
    resultCount: null,
  };
}
