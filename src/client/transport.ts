// The transport under the verbs: JSON over fetch, Hawk signing with a
// token's derived credentials, and the clock offset that Firefox keeps.
//
// Every answer carries `Timestamp: <unix seconds>`; the transport remembers
// server time minus local time and signs with the server's clock, so a
// device whose clock is off still authenticates. If a signature is refused
// as stale anyway (errno 111), it adopts the `serverTime` of that answer and
// tries once more.
//
// `request` resolves for any HTTP status, so tests can look at error bodies;
// `call` is the strict form the verbs use, throwing FxaError for a status
// outside 2xx. Both throw NetworkError when no answer arrives at all.
import type { Bytes } from './bytes.js';
import { ERRNO, FxaError, NetworkError, ProtocolError, type JsonObject } from './errors.js';
import { hawkHeader, payloadHash } from './hawk.js';
import { deriveTokenKeys, type TokenType } from './onepw.js';

export interface TokenRef {
  type: TokenType;
  /** The token as the server handed it out: 64 hex characters. */
  seedHex: string;
}

/** Ways to sign a request wrongly on purpose; tests probe the server's verifier with them. */
export interface HawkOverrides {
  /** Sent instead of the derived token id. */
  id?: string;
  /** Signs with this key instead of the derived one. */
  key?: Bytes;
  /** A fixed timestamp in seconds, ignoring the clock offset. */
  timestamp?: number;
  /** Hashes this instead of the body; null sends no hash at all. */
  payload?: string | null;
}

export interface RequestOptions {
  /** Sign with Hawk using this token. */
  token?: TokenRef;
  /** Serialised as JSON. A POST without a body sends `{}`, as Firefox does. */
  body?: unknown;
  /** Sent byte for byte instead of `body`. */
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
  /** The parsed body when it is a JSON object, else `{}`. */
  body: JsonObject;
  /** The parsed body whatever its type; undefined when it is not JSON. */
  json: unknown;
  text: string;
}

export interface TransportOptions {
  /** Sent as Accept-Language: the server keeps it as the account's language for mail. */
  lang?: string;
  /** Abandon a request after this many ms with a NetworkError; 0 waits forever. Default 60000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export class Transport {
  /** Server time minus local time, in ms, learnt from each answer's Timestamp header. */
  clockOffsetMs = 0;
  /** How many requests were repeated after errno 111. */
  staleRetries = 0;
  readonly origin: string;
  private readonly lang: string | undefined;
  private readonly timeoutMs: number;

  constructor(origin: string, opts: TransportOptions = {}) {
    this.origin = origin.replace(/\/+$/, '');
    this.lang = opts.lang;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    const first = await this.send(method, path, opts);
    if (opts.retryStale === false || !opts.token || !isStale(first)) return first;
    // hawk: a 111 carries serverTime; adopt it and try once more.
    const serverTime = first.body.serverTime;
    if (typeof serverTime === 'number') this.clockOffsetMs = serverTime * 1000 - Date.now();
    this.staleRetries += 1;
    return this.send(method, path, opts);
  }

  /** Like request, but a status outside 2xx throws FxaError; resolves with the JSON object. */
  async call(method: string, path: string, opts: RequestOptions = {}): Promise<JsonObject> {
    const res = await this.request(method, path, opts);
    if (res.status < 200 || res.status > 299) throw errorOf(method, path, res);
    return res.body;
  }

  /** call for the routes that answer a JSON array. */
  async callArray(method: string, path: string, opts: RequestOptions = {}): Promise<unknown[]> {
    const res = await this.request(method, path, opts);
    if (res.status < 200 || res.status > 299) throw errorOf(method, path, res);
    if (!Array.isArray(res.json))
      throw new ProtocolError(`${method} ${path} did not answer a list`);
    return res.json as unknown[];
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<ApiResponse> {
    const query = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
    const url = `${this.origin}${path}${query}`;
    const payload = payloadOf(method, opts);
    const headers: Record<string, string> = {};
    if (this.lang) headers['accept-language'] = this.lang;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, opts.headers);
    if (opts.token) headers.authorization = await this.sign(url, method, opts, payload);

    const res = await this.fetchText(url, { method, headers, body: payload });
    this.learnClock(res.headers);
    const json = parseJson(res.text);
    const body = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
    return { ...res, json, body: body as JsonObject };
  }

  private async fetchText(
    url: string,
    init: { method: string; headers: Record<string, string>; body: string | undefined },
  ): Promise<{ status: number; headers: Headers; text: string }> {
    const abort = new AbortController();
    const timer = this.timeoutMs > 0 ? setTimeout(() => abort.abort(), this.timeoutMs) : undefined;
    try {
      const res = await fetch(url, { ...init, signal: abort.signal, credentials: 'omit' });
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (err) {
      throw new NetworkError(url, err, abort.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private async sign(
    url: string,
    method: string,
    opts: RequestOptions,
    payload: string | undefined,
  ): Promise<string> {
    const token = opts.token!;
    const derived = await deriveTokenKeys(token.type, token.seedHex);
    const o = opts.hawk ?? {};
    const hashed = o.payload === undefined ? payload : o.payload;
    const ts = o.timestamp ?? Math.floor((Date.now() + this.clockOffsetMs) / 1000);
    return hawkHeader({
      method,
      url,
      credentials: { id: o.id ?? derived.id, key: o.key ?? derived.authKey },
      ts,
      // hawk: the payload hash covers the body and its content type (api-v1.md §4).
      ...(hashed === undefined || hashed === null ? {} : { hash: await payloadHash(hashed) }),
    });
  }

  private learnClock(headers: Headers): void {
    const seconds = Number(headers.get('timestamp'));
    if (Number.isFinite(seconds) && seconds > 0) this.clockOffsetMs = seconds * 1000 - Date.now();
  }
}

function payloadOf(method: string, opts: RequestOptions): string | undefined {
  if (opts.rawBody !== undefined) return opts.rawBody;
  if (opts.body !== undefined) return JSON.stringify(opts.body);
  return method === 'GET' || method === 'HEAD' ? undefined : '{}';
}

function isStale(res: ApiResponse): boolean {
  return res.status === 401 && res.body.errno === ERRNO.INVALID_TIMESTAMP;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorOf(method: string, path: string, res: ApiResponse): FxaError {
  return new FxaError(
    res.status,
    res.body,
    `${method} ${path} answered ${res.status}`,
    res.headers,
  );
}
