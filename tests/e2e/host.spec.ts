import { get } from 'node:http';
import { test, expect } from './fixtures';

/** Plain Node fetch: nothing from the browser fixtures (which add the token) leaks into these requests. */
async function status(url: string, init: RequestInit = {}): Promise<number> {
  return (await fetch(url, init)).status;
}

/** fetch will not send a forged Host header; node:http will. */
function statusWithHost(url: string, hostHeader: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: { ...headers, host: hostHeader } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

test.describe('the e2e host', () => {
  test('answers only requests that carry the per-run token', async ({ host }) => {
    const u = host.url;
    expect(await status(`${u}/`)).toBe(403);
    expect(await status(`${u}/__e2e/bridge.js`)).toBe(403);
    expect(await status(`${u}/__e2e/rpc/app.state`, { method: 'POST' })).toBe(403);
    expect(await status(`${u}/__e2e/clock`, { method: 'POST', body: '{"offsetDays":1}' })).toBe(403);
    const wrongToken = { 'x-canvass-e2e-token': 'x'.repeat(host.token.length) };
    expect(await status(`${u}/__e2e/rpc/app.state`, { method: 'POST', headers: wrongToken })).toBe(403);
    // Loopback by name too: a rebinding page with another Host header is refused even with the token.
    expect(await statusWithHost(u, 'attacker.example', host.headers)).toBe(403);

    const page = await fetch(`${u}/`, { headers: host.headers });
    expect(page.status).toBe(200);
    const html = await page.text();
    // The bridge is injected before the app's module script, and the CSP is the app's.
    expect(html.indexOf('/__e2e/bridge.js')).toBeLessThan(html.indexOf('type="module"'));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await host.call('app.state')).toEqual({ ok: true, value: { setUp: false, session: null } });
    // Only the contract's methods exist: nothing generic.
    expect(await status(`${u}/__e2e/rpc/send`, { method: 'POST', headers: host.headers })).toBe(404);
  });
});
