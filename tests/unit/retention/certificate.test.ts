import { describe, expect, it } from 'vitest';
import { certificateSpec, type CertificateFacts } from '../../../main/core/retention/certificate';

const facts: CertificateFacts = {
  runId: 7,
  agency: { name: 'Oakland Police Department', ori: 'CA0010900' },
  profileSource: 'oakland-pd',
  timeZone: 'America/Los_Angeles',
  trigger: 'schedule',
  startedBy: null,
  issuedBy: { username: 'mreyes', fullName: 'Maria Reyes' },
  startedAt: '2026-12-06T03:00:00.000Z',
  finishedAt: '2026-12-06T03:00:09.000Z',
  status: 'finished',
  workstation: 'ws-1',
  storePath: '/data/canvass.db',
  counts: { detections: 2, hits: 0, images: 0, ocrReads: 0 },
  // 03:00 UTC: still the previous day in Oakland.
  firstSeenAt: Date.parse('2026-05-02T03:00:00Z'),
  lastSeenAt: Date.parse('2026-06-06T03:00:00Z'),
  idsSha256: 'a'.repeat(64),
  held: 0,
  holds: [],
  evidenceHeld: 0,
  rules: [],
  bytesBefore: null,
  bytesAfter: null,
  keyFingerprint: 'b'.repeat(64),
  error: null,
};

describe('the deletion certificate', () => {
  it('states the capture span as the agency’s days, not UTC’s', () => {
    const text = JSON.stringify(certificateSpec(facts));
    expect(text).toContain('{"label":"Captured from","value":"2026-05-01"}');
    expect(text).toContain('{"label":"Captured to","value":"2026-06-05"}');
  });
});
