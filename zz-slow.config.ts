import base from './playwright.config';
export default { ...base, timeout: 900_000, expect: { timeout: 90_000 }, use: { ...base.use, actionTimeout: 180_000 } };
