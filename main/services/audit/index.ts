/** The access log: every access written with the Civil Code § 1798.90.52 fields; reading, verifying, exporting. */
export { auditHandlers } from './audit.handlers';
export { record, type AuditWriter } from './log';
export { guardAuditLog, startSealing, closeEpoch } from './integrity';
export { raiseAlert, type AlertKind } from './alerts';
