/**
 * The map's one way out to the network: an agency's own PMTiles file or MapLibre style, and only after an
 * administrator configured it. HTTPS only (plain HTTP to this computer only, for tests, as the sync client),
 * no redirects (a redirect could leave the configured origin), a timeout and a size cap on every answer.
 */
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
};

export type Fetched = { bytes: Buffer; contentType: string | null; status: number };

/** GETs a URL (already checked) and returns its bytes, or a CanvassError saying what went wrong. */
export async function fetchBytes(url: URL, options: FetchOptions): Promise<Fetched> {
  const headers: Record<string, string> = { accept: options.accept ?? '*/*' };
  if (options.range) headers.range = `bytes=${options.range.offset}-${options.range.offset + options.range.length - 1}`;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: 'error', signal, credentials: 'omit' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (err as Error).name === 'TimeoutError'
        ? `no answer within ${Math.round(options.timeoutMs / 1000)} s`
        : (cause?.code ?? cause?.message ?? (err as Error).message);
    throw new CanvassError('INVALID_ARGUMENT', `${url.origin} could not be reached (${why}). Check the address.`);
  }
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel().catch(() => undefined);
    throw new CanvassError('INVALID_ARGUMENT', `${url.href} answered HTTP ${res.status} ${res.statusText}.`.trim());
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  // A server that ignores Range sends the whole file: read it only when small (a login page, an error page:
  // the caller then says what it is), else it is a big file on a server without Range support.
  const ignoredRange = !!options.range && res.status === 200;
  const cap = ignoredRange ? Math.max(options.maxBytes, RANGELESS_BYTES) : options.maxBytes;
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    throw new CanvassError(
      'INVALID_ARGUMENT',
      options.range
        ? `${url.origin} does not serve byte ranges (it sent the whole ${declared}-byte file); PMTiles needs a server with HTTP Range support.`
        : `${url.href} is too large (${declared} bytes; at most ${options.maxBytes}).`,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const { done, value } = reader ? await reader.read() : { done: true, value: undefined };
    if (done) break;
    total += value.length;
    if (total > cap) {
      await reader?.cancel().catch(() => undefined);
      throw new CanvassError('INVALID_ARGUMENT', `${url.href} sent more than ${cap} bytes.`);
    }
    chunks.push(Buffer.from(value));
  }
  let bytes = Buffer.concat(chunks);
  if (options.range && ignoredRange)
    bytes = bytes.subarray(options.range.offset, options.range.offset + options.range.length);
  return { bytes, contentType: res.headers.get('content-type'), status: res.status };
}
