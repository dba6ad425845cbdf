import { X509Certificate } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import type { PeerCertificate } from 'node:tls';
import { checkServerIdentity } from 'node:tls';
import { SyncError } from './errors';

/**
 * The one HTTP client of sync. It refuses plain HTTP except to a loopback address, can pin the server's
 * certificate (SHA-256 fingerprint), keeps connections alive, times out, and honours an AbortSignal.
 */
export type HttpResponse = { status: number; headers: IncomingHttpHeaders; body: Buffer; serverMs: number };

/**
 * What an answer is, and so how much of it Canvass reads before it stops (a hostile or broken server cannot
 * fill main's memory): JSON answers (sign-in, pushes, anchors, errors) 1 MiB, an image 16 MiB, a feed page
 * 64 MiB read line by line (`requestLines`), no line over 256 KiB.
 */
export type AnswerKind = 'json' | 'image' | 'page';
export const ANSWER_CAPS: Record<AnswerKind, number> = {
  json: 1 << 20,
  image: 16 << 20,
  page: 64 << 20,
};
export const MAX_LINE_BYTES = 256 << 10;

const KIND_NAMES: Record<AnswerKind, string> = { json: 'answer', image: 'image', page: 'page' };

function tooLarge(kind: AnswerKind, what: string): SyncError {
  return new SyncError(
    'TOO_LARGE',
    `The agency server's ${KIND_NAMES[kind]} (${what}) is larger than Canvass reads (${ANSWER_CAPS[kind] >> 20} MiB): it stopped reading. Tell the ALPR administrator; nothing of it was kept.`,
  );
}

/** A feed page read line by line as it arrives (NDJSON framing), or a non-200 answer read as JSON. */
export type LinesResponse = {
  status: number;
  headers: IncomingHttpHeaders;
  lines: string[];
  /** Set when the status is not 200 (an error body, capped like JSON). */
  body: Buffer;
  bytes: number;
  serverMs: number;
};

export type HttpOptions = {
  pinnedCert?: string | null;
  /** The agency's own certificate authority (PEM), when its server certificate is not from a public CA. */
  ca?: string | null;
  timeoutMs?: number;
};

/** How the workstation trusts the agency server: a pinned certificate, the agency's own authority, both or neither. */
export type ServerTrust = { pinnedCert: string | null; ca?: string | null };

/** The trust options of a stored enrollment, as every client of the agency server takes them. */
export function trustOf(s: ServerTrust): { pinnedCert: string | null; ca: string | null } {
  return { pinnedCert: s.pinnedCert, ca: s.ca ?? null };
}

/** Why `pem` is not a certificate the client can trust the agency server by, or null when it is one. */
export function certificateAuthorityProblem(pem: string): string | null {
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    return 'Paste the agency’s certificate authority as PEM text (it starts with -----BEGIN CERTIFICATE-----).';
  try {
    new X509Certificate(pem);
    return null;
  } catch {
    return 'That is not a readable PEM certificate.';
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

export function checkServerUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SyncError('INSECURE_SERVER', `“${raw}” is not a server address. Use https://host[:port].`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))) return url;
  throw new SyncError(
    'INSECURE_SERVER',
    `Canvass talks to the agency server only over HTTPS (plain HTTP is allowed to this computer only, for tests): ${url.origin}`,
  );
}

type RequestOptions = { body?: unknown; token?: string | null; signal?: AbortSignal; timeoutMs?: number };

function lineTooLong(path: string): SyncError {
  return new SyncError(
    'TOO_LARGE',
    `A line of the agency server's page (${path.split('?')[0]}) is longer than ${MAX_LINE_BYTES >> 10} KiB: not a record Canvass reads. The page was refused.`,
  );
}

export class HttpClient {
  readonly base: URL;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly timeoutMs: number;

  constructor(
    baseUrl: string,
    private readonly options: HttpOptions = {},
  ) {
    this.base = checkServerUrl(baseUrl);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const pinned = options.pinnedCert?.toUpperCase() ?? null;
    this.agent =
      this.base.protocol === 'https:'
        ? new HttpsAgent({
            keepAlive: true,
            ...(options.ca ? { ca: options.ca } : {}),
            maxSockets: 4,
            checkServerIdentity: (host: string, cert: PeerCertificate) => {
              const err = checkServerIdentity(host, cert);
              if (err) return err;
              if (pinned && cert.fingerprint256.toUpperCase() !== pinned) {
                return new SyncError(
                  'CERTIFICATE_MISMATCH',
                  `The agency server's certificate (${cert.fingerprint256}) is not the pinned one. Do not sync; call the ALPR administrator.`,
                );
              }
              return undefined;
            },
          })
        : new HttpAgent({ keepAlive: true, maxSockets: 4 });
  }

  close(): void {
    this.agent.destroy();
  }

  /** One request, its answer read whole up to the cap of its kind (default JSON). */
  async request(
    method: string,
    path: string,
    options: RequestOptions & { kind?: AnswerKind } = {},
  ): Promise<HttpResponse> {
    const kind = options.kind ?? 'json';
    const chunks: Buffer[] = [];
    const res = await this.exchange(method, path, options, kind, (c) => void chunks.push(c));
    return { ...res, body: Buffer.concat(chunks) };
  }

  /**
   * A feed page: split into lines as the bytes arrive, each line at most MAX_LINE_BYTES, the whole at most the
   * page cap. A non-200 answer is read as a JSON error body instead.
   */
  async requestLines(method: string, path: string, options: RequestOptions = {}): Promise<LinesResponse> {
    const lines: string[] = [];
    const errorBody: Buffer[] = [];
    const decoder = new StringDecoder('utf8');
    let partial = '';
    let status = 0;
    const res = await this.exchange(method, path, options, 'page', (chunk, code) => {
      status = code;
      if (code !== 200) {
        errorBody.push(chunk);
        if (errorBody.reduce((n, b) => n + b.length, 0) > ANSWER_CAPS.json) throw tooLarge('json', path);
        return;
      }
      const text = partial + decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (nl - start > MAX_LINE_BYTES) throw lineTooLong(path);
        lines.push(text.slice(start, nl));
        start = nl + 1;
      }
      partial = text.slice(start);
      if (partial.length > MAX_LINE_BYTES) throw lineTooLong(path);
    });
    if (status === 200) {
      partial += decoder.end();
      // The last line has no newline after it when the page was cut short: it stays as it came, the parser judges it.
      if (partial !== '') lines.push(partial);
    }
    return { ...res, lines, body: Buffer.concat(errorBody) };
  }

  private exchange(
    method: string,
    path: string,
    options: RequestOptions,
    kind: AnswerKind,
    onChunk: (chunk: Buffer, status: number) => void,
  ): Promise<Omit<HttpResponse, 'body'> & { bytes: number }> {
    const url = new URL(path, this.base);
    const payload = options.body === undefined ? null : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const cap = ANSWER_CAPS[kind];
    return new Promise<Omit<HttpResponse, 'body'> & { bytes: number }>((resolve, reject) => {
      if (options.signal?.aborted) return reject(new SyncError('CANCELLED', 'Sync was cancelled.'));
      let settled = false;
      const done = (err: Error | null, res?: Omit<HttpResponse, 'body'> & { bytes: number }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(res!);
      };
      const req = send(url, { method, headers, agent: this.agent }, (res) => {
        let received = 0;
        const status = res.statusCode ?? 0;
        const declared = Number(res.headers['content-length'] ?? NaN);
        const limit = status === 200 ? cap : ANSWER_CAPS.json;
        if (Number.isFinite(declared) && declared > limit) {
          req.destroy();
          return done(tooLarge(status === 200 ? kind : 'json', `${declared} bytes announced`));
        }
        res.on('data', (c: Buffer) => {
          if (settled) return;
          received += c.length;
          if (received > limit) {
            req.destroy();
            return done(tooLarge(status === 200 ? kind : 'json', `more than ${limit} bytes`));
          }
          try {
            onChunk(c, status);
          } catch (err) {
            req.destroy();
            done(err as Error);
          }
        });
        res.on('aborted', () =>
          done(new SyncError('UNREACHABLE', 'The connection to the agency server dropped in the middle of an answer.')),
        );
        res.on('error', () =>
          done(new SyncError('UNREACHABLE', 'The connection to the agency server dropped in the middle of an answer.')),
        );
        res.on('end', () => {
          const expected = Number(res.headers['content-length'] ?? NaN);
          if (Number.isFinite(expected) && expected !== received) {
            return done(new SyncError('UNREACHABLE', `The answer was cut short (${received} of ${expected} bytes).`));
          }
          const timing = /app;dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
          done(null, { status, headers: res.headers, bytes: received, serverMs: timing ? Number(timing[1]) : 0 });
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        done(new SyncError('TIMEOUT', `The agency server did not answer within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      const onAbort = () => {
        req.destroy();
        done(new SyncError('CANCELLED', 'Sync was cancelled.'));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => {
        if (err instanceof SyncError) return done(err);
        const code = (err as { code?: string }).code;
        const reason = (err as { reason?: unknown }).reason;
        if (reason instanceof SyncError) return done(reason);
        if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
          return done(
            new SyncError(
              'UNTRUSTED_CERTIFICATE',
              `The agency server's certificate is not trusted (${code}). Do not sync; call the ALPR administrator.`,
            ),
          );
        }
        done(
          new SyncError(
            'UNREACHABLE',
            `Cannot reach the agency server at ${this.base.origin}${code ? ` (${code})` : ''}. Check the network, or sync later.`,
          ),
        );
      });
      if (payload) req.end(payload);
      else req.end();
    });
  }
}
