import { EVENTS, METHODS } from '../../../preload/contract';

/**
 * The browser side of the e2e transport: a classic script that defines `window.canvass` with exactly the
 * contract's methods (each a POST to /__e2e/rpc/<method>) and `on(event)` fed by one Server-Sent Events
 * stream. It is what preload/index.ts is in Electron, over HTTP instead of IPC. The token is written in
 * only for a request that already carried it.
 */
export function bridgeScript(token: string): string {
  return `// Canvass e2e bridge — test host only, never part of the packaged app.
(() => {
  'use strict';
  const TOKEN = ${JSON.stringify(token)};
  const METHODS = ${JSON.stringify(METHODS)};
  const EVENTS = ${JSON.stringify(EVENTS)};
  const listeners = new Map(EVENTS.map((e) => [e, new Set()]));

  function dispatch(chunk) {
    let event = 'message';
    let data = '';
    for (const line of chunk.split('\\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    const set = listeners.get(event);
    if (!set || !data) return;
    const payload = JSON.parse(data);
    for (const listener of [...set]) {
      try { listener(payload); } catch (err) { console.error(err); }
    }
  }

  // EventSource cannot send the token header, so the stream is read with fetch.
  async function connect() {
    try {
      const res = await fetch('/__e2e/events', { headers: { 'x-canvass-e2e-token': TOKEN, accept: 'text/event-stream' }, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error('event stream refused: ' + res.status);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\\n\\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (err) {
      /* the host went away or restarted: retry below */
    }
    setTimeout(connect, 500);
  }
  connect();

  const bridge = {};
  for (const method of METHODS) {
    bridge[method] = async (...args) => {
      const res = await fetch('/__e2e/rpc/' + encodeURIComponent(method), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-canvass-e2e-token': TOKEN },
        body: args.length === 0 || args[0] === undefined ? '' : JSON.stringify(args[0]),
        cache: 'no-store',
      });
      if (!res.ok) throw new Error('e2e host answered ' + res.status + ' to ' + method);
      return res.json();
    };
  }
  bridge.on = (event, listener) => {
    const set = listeners.get(event);
    if (!set) throw new Error('Unknown event ' + event);
    set.add(listener);
    return () => { set.delete(listener); };
  };
  Object.defineProperty(window, 'canvass', { value: Object.freeze(bridge), writable: false, configurable: false, enumerable: true });
})();
`;
}
