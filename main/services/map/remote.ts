/**
 * The map's one way out to the network: an agency's own PMTiles file or MapLibre style, and only after an
 * administrator configured it. HTTPS only (plain HTTP to this computer only, for tests, as the sync client),
 * no redirects (a redirect could leave the configured origin), a timeout and a size cap on every answer, and no
 * private, loopback or link-local address unless the administrator named that host themselves (the address they
 * typed): a style cannot send Canvass to the cloud's metadata service or a printer on the agency's network.
 * Addresses are checked when the connection is made, after DNS, so a name that resolves differently later
 * (DNS rebinding) is caught too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { CanvassError } from '../../core/shared/errors';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** A source address an administrator may configure, or a clear refusal. */
export function checkSourceUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `“${raw}” is not a web address. Enter the full https:// address of the ${what}.`,
    );
  }
  if (url.username || url.password)
    throw new CanvassError('INVALID_ARGUMENT', `Do not put a user name or password in the ${what}'s address.`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return url;
  throw new CanvassError(
    'INVALID_ARGUMENT',
    `The ${what} must be served over HTTPS (plain HTTP is allowed to this computer only, for tests): ${url.origin}`,
  );
}

/** How much of an answer that ignored Range is read anyway, to tell a web page from a file. */
const RANGELESS_BYTES = 256 * 1024;

export type FetchOptions = {
  /** Byte range: the first byte and how many. */
  range?: { offset: number; length: number };
  maxBytes: number;
  timeoutMs: number;
  accept?: string;
  /** Hosts the administrator named (typed): only these may be private or loopback addresses. */
  named: ReadonlySet<string>;
};

export type Fetched = { bytes: Buffer; contentType: string | null; status: number };

/** Loopback, private, link-local, shared, multicast and reserved ranges: not a map server on the internet. */
const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 127],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

function isPublic(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function privateRefusal(host: string, address: string): CanvassError {
  const kind = /^(169\.254\.|fe[89ab])/i.test(address) ? 'a link-local address' : 'a private or loopback address';
  return new CanvassError(
    'FORBIDDEN',
    `${host} is ${kind} (${address}) that the administrator did not name: the map loads from a private address only when it is the host the administrator typed.`,
  );
}

/** The DNS lookup of a request, refusing addresses that are not public unless the host was named. */
function guardedLookup(named: ReadonlySet<string>): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, []);
      const bad = named.has(hostname) ? undefined : addresses.find((a) => !isPublic(a.address));
      if (bad) return callback(privateRefusal(hostname, bad.address), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** GETs a URL (already checked) and returns its bytes, or a CanvassError saying what went wrong. */
export async function fetchBytes(url: URL, options: FetchOptions): Promise<Fetched> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An address written as the host is not looked up: judge it here.
  if (isIP(host) && !options.named.has(url.hostname) && !isPublic(host)) throw privateRefusal(url.hostname, host);
  const headers: Record<string, string> = { accept: options.accept ?? '*/*' };
  if (options.range) headers.range = `bytes=${options.range.offset}-${options.range.offset + options.range.length - 1}`;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(url, { headers, lookup: guardedLookup(options.named), timeout: options.timeoutMs }, resolve);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round(options.timeoutMs / 1000)} s`)));
    req.on('error', (err) => {
      if (err instanceof CanvassError) return reject(err);
      const code = (err as { code?: string }).code;
      reject(
        new CanvassError(
          'INVALID_ARGUMENT',
          `${url.origin} could not be reached (${code ?? err.message}). Check the address.`,
        ),
      );
    });
    req.end();
  });
  const drop = () => res.destroy();
  if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400) {
    drop();
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `${url.href} answered with a redirect (HTTP ${res.statusCode}${res.headers.location ? ` to ${res.headers.location}` : ''}). Canvass does not follow redirects for the map: a redirect could leave the address the administrator configured. Enter the final address instead.`,
    );
  }
  if (res.statusCode !== 200 && res.statusCode !== 206) {
    drop();
    throw new CanvassError(
      'INVALID_ARGUMENT',
      `${url.href} answered HTTP ${res.statusCode} ${res.statusMessage ?? ''}.`.trim(),
    );
  }
  const declared = Number(res.headers['content-length'] ?? NaN);
  // A server that ignores Range sends the whole file: read it only when small (a login page, an error page:
  // the caller then says what it is), else it is a big file on a server without Range support.
  const ignoredRange = !!options.range && res.statusCode === 200;
  const cap = ignoredRange ? Math.max(options.maxBytes, RANGELESS_BYTES) : options.maxBytes;
  if (Number.isFinite(declared) && declared > cap) {
    drop();
    throw new CanvassError(
      'INVALID_ARGUMENT',
      options.range
        ? `${url.origin} does not serve byte ranges (it sent the whole ${declared}-byte file); PMTiles needs a server with HTTP Range support.`
        : `${url.href} is too large (${declared} bytes; at most ${options.maxBytes}).`,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res) {
      total += (chunk as Buffer).length;
      if (total > cap) throw new CanvassError('INVALID_ARGUMENT', `${url.href} sent more than ${cap} bytes.`);
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    drop();
    if (err instanceof CanvassError) throw err;
    throw new CanvassError('INVALID_ARGUMENT', `${url.href} stopped in the middle of its answer. Try again.`);
  }
  let bytes = Buffer.concat(chunks);
  if (options.range && ignoredRange)
    bytes = bytes.subarray(options.range.offset, options.range.offset + options.range.length);
  return { bytes, contentType: (res.headers['content-type'] as string | undefined) ?? null, status: res.statusCode };
}
