import type { Banner, Disposition, EntryStatus, HitAction, HitState, RejectReason } from '../../../../preload/contract';

/** The words and colours the hits screens use for states, actions, reasons and dispositions. */

export const STATE: Record<HitState, { label: string; color: string }> = {
  alert: { label: 'Alert', color: 'red' },
  tentative: { label: 'Tentative hit', color: 'orange' },
  validated: { label: 'Validated', color: 'yellow' },
  confirmed: { label: 'Confirmed', color: 'teal' },
  rejected: { label: 'Rejected', color: 'gray' },
};

/** The verification ladder, in order (Rejected leaves it). */
export const LADDER: HitState[] = ['alert', 'tentative', 'validated', 'confirmed'];

export const ACTION: Record<HitAction, { button: string; past: string }> = {
  verify: { button: 'Visually verified', past: 'visually verified it against the image' },
  validate: { button: 'Validated by live query', past: 'validated it by a live query' },
  confirm: { button: 'Confirmed by entering agency', past: 'recorded the entering agency’s confirmation' },
  reject: { button: 'Reject hit', past: 'rejected it' },
  close: { button: 'Close hit', past: 'closed it' },
};

export const REJECT: Record<RejectReason, string> = {
  misread: 'Misread — characters differ from the image',
  wrong_state: 'Wrong state of issue',
  descriptors_differ: 'Vehicle differs from the entry',
  entry_inactive: 'Entry no longer active at the source',
  list_stale: 'List was stale at the alert',
  duplicate: 'Duplicate of another hit',
};

export const DISPOSITION: Record<Disposition, string> = {
  no_action: 'No action',
  not_located: 'Vehicle not located',
  stop_made: 'Stop made',
  citation: 'Stop made, citation issued',
  arrest: 'Arrest',
  vehicle_recovered: 'Vehicle recovered',
  other: 'Other (see note)',
};

export const ENTRY_STATUS: Record<EntryStatus, { label: string; color: string }> = {
  pending: { label: 'Awaiting approval', color: 'orange' },
  active: { label: 'Active', color: 'teal' },
  refused: { label: 'Refused', color: 'gray' },
  removed: { label: 'Removed', color: 'gray' },
};

export const BANNER_SHORT: Record<Banner['kind'], string> = {
  list_stale_at_hit: 'List stale at alert',
  list_stale_now: 'List stale',
  entry_removed: 'Entry removed',
  entry_expired: 'Entry expired',
  entry_unknown: 'Entry unknown',
};

export const TIER: Record<'exact' | 'similar' | 'near', { label: string; color: string }> = {
  exact: { label: 'Exact', color: 'teal' },
  similar: { label: 'Similar characters', color: 'blue' },
  near: { label: 'Near miss', color: 'grape' },
};
