/**
 * Releases (docs/releases.md): release requests from other agencies, screened against the law and the policy
 * profile, decided by the commander or designee, fulfilled as a signed release package with its packet PDF; the
 * release log; and the receiving side.
 */
export { releasesHandlers } from './releases.handlers';
/**
 * For the audit memo (issue 20: "releases in a period") and the transparency report (issue 21: "releases by
 * receiving agency"): `releasesInPeriod(db, fromIso, toIso)` → the releases, their counts by receiving agency, totals.
 */
export { releasesInPeriod, type ReleasesInPeriod } from './log';
