/** The access log: every access written with the Civil Code § 1798.90.52 fields; reading, verifying, exporting. */
export { auditHandlers } from './audit.handlers';
export { record, type AuditWriter } from './log';
