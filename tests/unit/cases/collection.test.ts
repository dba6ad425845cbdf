import { describe, expect, it } from 'vitest';
import { caseOfPurpose, checkNote, NOTE_MAX } from '../../../main/core/cases/collection';
import { caseCsvRow, CASE_CSV_COLUMNS, type CaseCsvItem } from '../../../main/core/cases/csv';
import { csvLine } from '../../../main/core/shared/csv';

describe('the case a purpose collects for', () => {
  it('is its number, trimmed and upper-cased, with its kind', () => {
    expect(caseOfPurpose({ number: ' 26-04417a ', numberKind: 'case' })).toEqual({ number: '26-04417A', kind: 'case' });
    expect(caseOfPurpose({ number: 'W-2231', numberKind: 'warrant' })).toEqual({ number: 'W-2231', kind: 'warrant' });
  });

  it('is none for a purpose described without a number', () => {
    expect(caseOfPurpose({ number: null, numberKind: null })).toBeNull();
    expect(caseOfPurpose({ number: '  ', numberKind: 'case' })).toBeNull();
  });
});

describe('a note on a collected detection', () => {
  it('is one line of 3 to 500 characters', () => {
    expect(checkNote('  suspect vehicle,\n\t02:14 northbound ')).toEqual({
      ok: true,
      note: 'suspect vehicle, 02:14 northbound',
    });
    expect(checkNote('ok')).toMatchObject({ ok: false, reason: expect.stringMatching(/why this belongs/) });
    expect(checkNote('x'.repeat(NOTE_MAX + 1))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/at most 500/),
    });
  });
});

describe('a row of the case CSV', () => {
  const item: CaseCsvItem = {
    caseNumber: '26-04417',
    itemId: 7,
    detectionId: 41,
    note: '@SUM(A1) "van", rear',
    source: 'commonVehicles',
    addedBy: 'det.chen',
    addedByName: 'Det. Mei Chen',
    addedAt: '2026-11-20T09:03:00.000Z',
    detection: {
      plate: '9ABC123',
      state: 'CA',
      seenAt: '2026-11-20T10:15:00.000Z',
      cameraId: 'SMPD-F15',
      cameraName: 'Alameda de las Pulgas at Barneson Ave',
      heading: 'NB',
      lat: 37.5456,
      lon: -122.3331,
      make: 'Ford',
      model: 'Transit',
      color: 'white',
      body: 'van',
      features: ['roof_rack', 'damage'],
      confidence: 0.97,
    },
  };

  it('has a value per column: local time in the agency’s zone, the source in words, formulas neutralised', () => {
    const row = caseCsvRow(item, 'America/Los_Angeles');
    expect(row).toHaveLength(CASE_CSV_COLUMNS.length);
    const at = (c: (typeof CASE_CSV_COLUMNS)[number]) => row[CASE_CSV_COLUMNS.indexOf(c)];
    expect(at('seen_at_local')).toBe('2026-11-20 02:15:00');
    expect(at('source')).toBe('Common vehicles');
    expect(at('features')).toBe('roof_rack; damage');
    expect(at('note')).toBe(`'@SUM(A1) "van", rear`);
    expect(csvLine(row)).toContain(`"'@SUM(A1) ""van"", rear"`);
  });

  it('keeps a purged detection’s row with its note, marked purged', () => {
    const row = caseCsvRow({ ...item, detection: null }, 'America/Los_Angeles');
    expect(row[CASE_CSV_COLUMNS.indexOf('status')]).toBe('purged');
    expect(row[CASE_CSV_COLUMNS.indexOf('plate')]).toBeNull();
    expect(row[CASE_CSV_COLUMNS.indexOf('detection_id')]).toBe(41);
  });
});
