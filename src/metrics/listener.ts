// The /metrics endpoint, on a listener of its own rather than the public
// port. The counts it shows (sign-ups, failed logins, blocks) are nobody's
// business on the internet, and a reverse proxy that forwards everything to
// the public port would expose a route there by accident. Bound to loopback
// by default, it is reachable by a Prometheus on the same host or network
// namespace only. Bound anywhere else (a container scraped over a network),
// it needs a bearer token, compared in constant time.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { constantTimeEqual } from '../crypto/bytes.js';
import type { Logger } from '../log.js';

export interface MetricsListenerOptions {
  host: string;
  port: number;
  /** Empty: no token asked for, which only a loopback host allows. */
  token: string;
  exposition: () => Promise<string>;
  contentType: string;
  log: Logger;
}

export interface MetricsListener {
  /** e.g. http://127.0.0.1:9464, with the port actually bound. */
  origin: string;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

const MIN_TOKEN_LENGTH = 16;

export async function startMetricsListener(opts: MetricsListenerOptions): Promise<MetricsListener> {
  if (opts.token === '' && !isLoopback(opts.host)) {
    throw new Error(
      `metrics.host ${opts.host} is not a loopback address: set METRICS_TOKEN so that only your ` +
        'Prometheus can read /metrics, or bind METRICS_HOST to 127.0.0.1',
    );
  }
  // A short token could be guessed over the network; 16 characters of
  // `openssl rand -hex 16` (32) are far beyond that.
  if (opts.token !== '' && opts.token.length < MIN_TOKEN_LENGTH) {
    throw new Error(
      `METRICS_TOKEN is ${opts.token.length} characters; use at least ${MIN_TOKEN_LENGTH} ` +
        '(for example `openssl rand -hex 16`)',
    );
  }
  const expected = opts.token === '' ? undefined : digest(opts.token);
  const server = createServer((req, res) => void answer(req, res));

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return reply(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'GET only\n');
    if (expected && !authorized(req.headers.authorization, expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return reply(res, 401, 'unauthorized\n');
    }
    try {
      const body = await opts.exposition();
      res.setHeader('Cache-Control', 'no-store');
      reply(res, 200, req.method === 'HEAD' ? '' : body, opts.contentType);
    } catch (err) {
      opts.log.error({ err }, 'metrics could not be collected');
      reply(res, 500, 'metrics could not be collected\n');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = isIP(opts.host) === 6 ? `[${opts.host}]` : opts.host;
  const origin = `http://${host}:${port}`;
  opts.log.info({ listen: origin, token: expected !== undefined }, 'metrics listening');
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Digests first, so the comparison takes the same time whatever the length
// of the token a caller sent.
function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(header ?? '');
  return match !== null && constantTimeEqual(digest(match[1] ?? ''), expected);
}

function reply(res: ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(body);
}
