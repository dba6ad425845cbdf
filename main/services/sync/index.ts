/** Sync with the agency server: enrollment, the pull and push on a worker, and the one image-fetch service. */
export { syncHandlers } from './sync.handlers';
export { fetchDetectionImages, refusesEveryDetection, type FetchOutcome, type FetchRefusal } from './images';
export { waitForCloneScan } from './service';
export { enrollmentFileExists, firstSignInWithServer, readEnrollment, verifiedEnrollment } from './enrollment';
export { confirmEnrollment, forgetServerToken, isEnrolled, rememberServerToken } from './service';
export { startAnchoring } from './anchor';
export { enrolledWorkstationId, fetchAgencyLogPage } from './agencyLog';
