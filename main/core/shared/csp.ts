/**
 * The renderer's Content Security Policy: only what the UI and MapLibre need, nothing remote. Electron sends
 * it on every response (main/app/security.ts), the e2e host does the same, and renderer/index.html carries
 * it as a meta tag (tests/unit/csp.test.ts keeps the three equal).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  'worker-src blob:',
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
