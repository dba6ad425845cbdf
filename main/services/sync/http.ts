import { X509Certificate } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { PeerCertificate } from 'node:tls';
import { checkServerIdentity } from 'node:tls';
import { SyncError } from './errors';

/**
 * The one HTTP client of sync. It refuses plain HTTP except to a loopback address, can pin the server's
 * certificate (SHA-256 fingerprint), keeps connections alive, times out, and honours an AbortSignal.
 */
export type HttpResponse = { status: number; headers: IncomingHttpHeaders; body: Buffer; serverMs: number };

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

  request(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<HttpResponse> {
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
    return new Promise<HttpResponse>((resolve, reject) => {
      if (options.signal?.aborted) return reject(new SyncError('CANCELLED', 'Sync was cancelled.'));
      let settled = false;
      const done = (err: Error | null, res?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve(res!);
      };
      const req = send(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          received += c.length;
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
          done(null, {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            serverMs: timing ? Number(timing[1]) : 0,
          });
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
