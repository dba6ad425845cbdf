import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../../main/core/shared/csp';

describe('the Content Security Policy', () => {
  it('is the same in the renderer’s own page as the one main sends', () => {
    const html = readFileSync(resolve(__dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta?.replace(/\s+/g, ' ').trim()).toBe(CSP);
  });

  it('allows no remote origin and no inline or eval script', () => {
    expect(CSP).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(/script-src ([^;]+)/.exec(CSP)?.[1]).toBe("'self'");
    expect(CSP).toContain('worker-src blob:');
  });
});
