// A SyncStorage 1.5 client for the stories: it mints its own tokenlib token
// (as the syncstorage-rs peer suite does, so no tokenserver is involved) and
// signs every request with Hawk through the reference `hawk` package.
import { randomInt } from 'node:crypto';
import { makeToken, newSalt, type TokenPayload } from '../../src/sync/tokenlib.js';
import { hawkHeader } from './hawk.js';

export interface SyncResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws when it is not). */
  json<T = unknown>(): T;
}

export interface SyncRequest {
  body?: string | object;
  contentType?: string;
  headers?: Record<string, string>;
  /** Sign as this method/path instead (a MAC over something else). */
  signAs?: { method?: string; path?: string };
  /** No Authorization header at all. */
  unsigned?: boolean;
}

export class SyncClient {
  readonly endpoint: string;

  constructor(
    /** Where requests go, e.g. http://127.0.0.1:9000. */
    readonly publicUrl: string,
    readonly uid: number,
    readonly token: { id: string; key: string },
  ) {
    this.endpoint = `${publicUrl}/sync/1.5/${uid}`;
  }

  /** A client for a fresh random uid, with a token valid for an hour unless told otherwise. */
  static mint(
    publicUrl: string,
    master: string,
    opts: { uid?: number; expires?: number; pathUid?: number } = {},
  ): SyncClient {
    const uid = opts.uid ?? randomInt(1, 1_000_000_000);
    const payload: TokenPayload = {
      uid,
      node: publicUrl,
      expires: opts.expires ?? Math.floor(Date.now() / 1000) + 3600,
      salt: newSalt(),
      fxa_uid: 'f'.repeat(32),
      fxa_kid: '0001764612345678-AAAAAAAAAAAAAAAAAAAAAA',
      hashed_fxa_uid: '0'.repeat(32),
      hashed_device_id: '1'.repeat(32),
      tokenserver_origin: 'rust',
    };
    return new SyncClient(publicUrl, opts.pathUid ?? uid, makeToken(payload, Buffer.from(master)));
  }

  async request(method: string, path: string, req: SyncRequest = {}): Promise<SyncResponse> {
    const url = this.endpoint + path;
    const headers: Record<string, string> = { ...req.headers };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['content-type'] = req.contentType ?? 'application/json';
    }
    if (!req.unsigned) {
      const signedUrl = req.signAs?.path ? this.endpoint + req.signAs.path : url;
      headers.authorization = this.authorization(req.signAs?.method ?? method, signedUrl);
    }
    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: <T>() => JSON.parse(text) as T,
    };
  }

  /** The Hawk Authorization header for `method` on `url` (a full URL under the endpoint). */
  authorization(method: string, url: string): string {
    return hawkHeader(url, method, {
      credentials: { id: this.token.id, key: Buffer.from(this.token.key), algorithm: 'sha256' },
    });
  }

  get = (path: string, req?: SyncRequest) => this.request('GET', path, req);
  put = (path: string, body: object | string, req?: SyncRequest) =>
    this.request('PUT', path, { ...req, body });
  post = (path: string, body: object | string, req?: SyncRequest) =>
    this.request('POST', path, { ...req, body });
  delete = (path: string, req?: SyncRequest) => this.request('DELETE', path, req);
}
