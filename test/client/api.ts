// The transport under the story verbs: JSON over fetch, Hawk signing with a token's
// derived credentials, and the local clock offset that Firefox keeps.
//
// `request` never throws for an HTTP status, so tests can assert on error bodies.
// `call` is the strict form the verbs use: a non-2xx answer becomes an ApiError.
import type { TokenType } from './onepw.js';
import { deriveToken } from './onepw.js';
import { hawkHeader } from './hawk.js';

export type JsonObject = Record<string, unknown>;

export interface TokenRef {
  type: TokenType;
  seedHex: string;
}

/** Ways to sign a request wrongly on purpose; tests use them to probe the verifier. */
export interface HawkOverrides {
  /** Sent instead of the derived token id. */
  id?: string;
  /** Signs with this key instead of the derived authKey. */
  key?: Buffer;
  /** A fixed timestamp in seconds, ignoring the clock offset. */
  timestamp?: number;
  /** Hashes this string instead of the body; null leaves the hash out entirely. */
  payload?: string | null;
}

export interface RequestOptions {
  token?: TokenRef;
  /** Serialised as JSON. POSTs without a body send `{}`, as Firefox does. */
  body?: unknown;
  /** Sent byte for byte instead of `body`, for malformed or oversized payloads. */
  rawBody?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  hawk?: HawkOverrides;
  /** Retry once after errno 111 with the server's time (default true). */
  retryStale?: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON object, or `{}` when the body is not a JSON object. */
  body: JsonObject;
  text: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly errno: number | undefined;
  readonly body: JsonObject;
  readonly headers: Headers;

  constructor(method: string, path: string, res: ApiResponse) {
    const errno = typeof res.body.errno === 'number' ? res.body.errno : undefined;
    super(`${method} ${path} -> ${res.status} errno ${errno ?? '?'}: ${res.text}`);
    this.name = 'ApiError';
    this.status = res.status;
    this.errno = errno;
    this.body = res.body;
    this.headers = res.headers;
  }
}

const STALE_TIMESTAMP = 111;

export class Api {
  /** Server time minus local time, learnt from the Timestamp header of each response. */
  clockOffsetMs = 0;
  /** How many requests were repeated after errno 111; lets tests see the retry happen. */
  staleRetries = 0;

  constructor(readonly origin: string) {}

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    const first = await this.send(method, path, opts);
    if (opts.retryStale === false || !isStale(first)) return first;
    // hawk: a 111 carries serverTime; adopt it and try once more, as Firefox does.
    const serverTime = first.body.serverTime;
    if (typeof serverTime === 'number') this.clockOffsetMs = serverTime * 1000 - Date.now();
    this.staleRetries += 1;
    return this.send(method, path, opts);
  }

  /** Like request, but a status outside 2xx throws an ApiError. */
  async call(method: string, path: string, opts: RequestOptions = {}): Promise<JsonObject> {
    const res = await this.request(method, path, opts);
    if (res.status < 200 || res.status > 299) throw new ApiError(method, path, res);
    return res.body;
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<ApiResponse> {
    const query = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
    const url = `${this.origin}${path}${query}`;
    const payload = requestPayload(method, opts);
    const headers: Record<string, string> = { ...opts.headers };
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    if (opts.token) headers.authorization = await this.sign(url, method, opts, payload);

    const res = await fetch(url, { method, headers, body: payload });
    const text = await res.text();
    this.learnClock(res.headers);
    return { status: res.status, headers: res.headers, body: parseObject(text), text };
  }

  private async sign(
    url: string,
    method: string,
    opts: RequestOptions,
    payload: string | undefined,
  ): Promise<string> {
    const token = opts.token as TokenRef;
    const derived = await deriveToken(token.type, token.seedHex);
    const overrides = opts.hawk ?? {};
    const hashed = overrides.payload === undefined ? payload : overrides.payload;
    return hawkHeader(url, method, {
      credentials: {
        id: overrides.id ?? derived.id,
        key: overrides.key ?? derived.authKey,
        algorithm: 'sha256',
      },
      localtimeOffsetMsec: this.clockOffsetMs,
      ...(overrides.timestamp === undefined ? {} : { timestamp: overrides.timestamp }),
      // hawk: the payload hash covers the body and its content type (spec §4).
      ...(hashed === undefined || hashed === null
        ? {}
        : { payload: hashed, contentType: 'application/json' }),
    });
  }

  private learnClock(headers: Headers): void {
    const seconds = Number(headers.get('timestamp'));
    if (Number.isFinite(seconds) && seconds > 0) this.clockOffsetMs = seconds * 1000 - Date.now();
  }
}

function requestPayload(method: string, opts: RequestOptions): string | undefined {
  if (opts.rawBody !== undefined) return opts.rawBody;
  if (opts.body !== undefined) return JSON.stringify(opts.body);
  return method === 'GET' || method === 'HEAD' ? undefined : '{}';
}

function isStale(res: ApiResponse): boolean {
  return res.status === 401 && res.body.errno === STALE_TIMESTAMP;
}

function parseObject(text: string): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : {};
  } catch {
    return {};
  }
}
