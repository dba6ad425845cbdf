import type { AuditRecord } from '../../main/core/audit/chain';

/** An access record of a plate search, ~600 bytes, as the app writes one (the benches append these). */
export function searchRecord(i: number, ids: number[] = [i, i + 1, i + 2], plate = '7AB*'): AuditRecord {
  return {
    at: new Date(1_790_000_000_000 + i * 1000).toISOString(),
    action: 'detections.search',
    outcome: 'ok',
    username: 'det.chen',
    agency: 'Los Altos Police Department',
    purpose: {
      id: 7,
      numberKind: 'case',
      number: '26-004512',
      purposeId: 'canvass_major_crime',
      purposeLabel: 'Canvass around a major crime',
      description: 'Shooting at El Camino Real and San Antonio Rd',
    },
    data: { query: { plate, from: null, to: null, limit: 200 }, resultCount: ids.length, detectionIds: ids },
    workstation: 'bench',
  };
}
