import type { Checklist } from '../../preload/contract';

/** The reviewer's checklist of an inquiry with nothing wrong (tests and benches answer the sample with it). */
export const COMPLIANT: Checklist = {
  purposeSpecific: 'yes',
  numberValid: 'yes',
  scopeProportionate: 'yes',
  userTrained: 'yes',
  dataErrors: [],
  finding: 'compliant',
  findingText: '',
  remediation: '',
};
