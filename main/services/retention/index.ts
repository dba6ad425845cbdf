/**
 * Retention (docs/retention.md): the policy's purge on the workstation, legal holds, deletion certificates and the
 * public transparency report.
 */
export { retentionHandlers } from './retention.handlers';
export { purgeSettled, startRetentionSchedule } from './purge';
