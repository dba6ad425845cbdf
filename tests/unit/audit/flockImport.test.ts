import { describe, expect, it } from 'vitest';
import { csvRecords, inquiryFromFlock, parseFlockCsv, parseFlockTime } from '../../../main/core/audit/flockImport';
import { flockCsv } from '../../support/flockCsv';

const start = Date.parse('2025-11-01T00:00:00Z');
const HEADER =
  'ID,Org Name,Total Networks Searched,Total Devices Searched,Time Frame,Reason,Search Time,Search Type,Moderation';
const ROW =
  'f-1,San Mateo PD,1,12,"11/01/2025, 12:00:00 AM UTC - 11/14/2025, 11:59:59 PM UTC","26-004512 shooting Hillsdale/El Camino, gray Civic","11/14/2025, 09:53:36 AM UTC",lookup,none';

const ROW2 = ROW.replace('f-1,', 'f-2,');

describe('Flock times', () => {
  it.each([
    ['11/14/2025, 09:53:36 AM UTC', '2025-11-14T09:53:36.000Z'],
    ['11/14/2025, 09:53:36 PM UTC', '2025-11-14T21:53:36.000Z'],
    ['11/14/2025, 12:00:00 AM UTC', '2025-11-14T00:00:00.000Z'],
    ['11/14/2025, 12:30:00 PM UTC', '2025-11-14T12:30:00.000Z'],
    ['1/4/2026 7:05:09 am utc', '2026-01-04T07:05:09.000Z'],
  ])('reads %s', (text, iso) => expect(parseFlockTime(text)).toBe(iso));

  it.each([
    '2025-11-14T09:53:36Z',
    '11/14/2025, 09:53:36 AM',
    '11/14/2025, 09:53:36 AM PST',
    '02/30/2025, 09:53:36 AM UTC',
    '11/14/2025, 13:53:36 PM UTC',
    '',
  ])('refuses %j', (text) => expect(parseFlockTime(text)).toBeNull());
});

describe('a Flock organization-audit export', () => {
  it('reads the one-cell Time Frame shape', () => {
    const r = parseFlockCsv(`${HEADER}\n${ROW}\n`);
    expect(r.ok && r.rows[0]).toMatchObject({
      id: 'f-1',
      frameStart: '2025-11-01T00:00:00.000Z',
      frameEnd: '2025-11-14T23:59:59.000Z',
      searchTime: '2025-11-14T09:53:36.000Z',
      reason: '26-004512 shooting Hillsdale/El Camino, gray Civic',
      searchType: 'lookup',
      line: 2,
    });
  });

  it('reads the two-cell shape and headers spelt with any case, spaces or underscores', () => {
    const f = flockCsv({ rows: 50, start, shape: 'two-cells', header: 'snake' });
    const r = parseFlockCsv(f.csv);
    expect(r.ok && r.rows).toHaveLength(50);
    const odd = parseFlockCsv(
      `id,ORG_NAME,totalNetworksSearched,Total Devices  Searched,time_frame_start,TIME FRAME END,reason,Search_Time,searchtype,Moderation\n` +
        `x,Org,1,2,"11/01/2025, 12:00:00 AM UTC","11/02/2025, 12:00:00 AM UTC",bolo,"11/02/2025, 01:00:00 AM UTC",MULTIGEO,none\n`,
    );
    expect(odd.ok && odd.rows[0]!.searchType).toBe('multiGeo');
  });

  it('labels every row imported, keyed by the export’s ID, its reason one free-text cell', () => {
    const r = parseFlockCsv(`${HEADER}\n${ROW}\n`);
    const q = inquiryFromFlock(r.ok ? r.rows[0]! : (undefined as never));
    expect(q).toMatchObject({
      key: 'flock:f-1',
      source: 'imported',
      action: 'flock.lookup',
      networks: 1,
      bounded: true,
    });
    expect(q.purpose).toMatchObject({ freeText: true, number: null });
    expect(Math.round(q.windowHours!)).toBe(14 * 24);
  });

  it.each<[string, string, RegExp]>([
    [
      'a bad time',
      ROW2.replace('"11/14/2025, 09:53:36 AM UTC"', '"2025-11-14 09:53"'),
      /line 3: The Search Time “2025-11-14 09:53” is not a time/,
    ],
    ['a missing cell', ROW2.replace(',lookup,none', ',lookup'), /line 3: It has 8 cells; the header has 9/],
    [
      'a count that is not a number',
      ROW2.replace('San Mateo PD,1,12', 'San Mateo PD,one,12'),
      /line 3: Total Networks Searched “one”/,
    ],
    [
      'a Time Frame that is not start - end',
      ROW2.replace(' - 11/14/2025', ' / 11/14/2025'),
      /line 3: The Time Frame .* is not “start - end”/,
    ],
    [
      'a Time Frame backwards',
      ROW2.replace(
        '"11/01/2025, 12:00:00 AM UTC - 11/14/2025, 11:59:59 PM UTC"',
        '"11/14/2025, 12:00:00 AM UTC - 11/01/2025, 11:59:59 PM UTC"',
      ),
      /line 3: The Time Frame ends before it starts/,
    ],
    ['a quote never closed', ROW2.replace('"26-004512', '"26-004512 """'), /line 3: The line cannot be read/],
    ['an ID twice', ROW, /line 3: The ID f-1 appears twice/],
    ['an empty ID', ROW2.replace('f-2,', ','), /line 3: The ID is empty/],
  ])('refuses %s with the line and the reason', (_what, bad, message) => {
    const r = parseFlockCsv(`${HEADER}\n${ROW}\n${bad}\n`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(`line ${r.line}: ${r.reason}`).toMatch(message);
  });

  it('refuses a file that is not a Flock export, naming the columns it lacks', () => {
    const r = parseFlockCsv('plate,time\n7ABC123,now\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/no id, orgname, .*Time Frame/);
    expect(parseFlockCsv('').ok).toBe(false);
  });

  it('counts physical lines across a quoted newline', () => {
    const recs = [...csvRecords('a,b\n"x\ny",z\nq,r\n')];
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
  });
});
