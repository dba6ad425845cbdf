/** The access log: every access written with the Civil Code § 1798.90.52 fields; reading, verifying, exporting. */
import { auditHandlers as logHandlers } from './audit.handlers';
import { auditsHandlers } from './audits.handlers';

/** The access log's methods and the audits of use. */
export const auditHandlers = { ...logHandlers, ...auditsHandlers };
export { record, type AuditWriter } from './log';
export { guardAuditLog, startSealing, closeEpoch } from './integrity';
export { raiseAlert, type AlertKind } from './alerts';
/** For the transparency report (#21): the audits of use done in a period and what they found. */
export { auditsDone, type AuditDone } from './audits';
