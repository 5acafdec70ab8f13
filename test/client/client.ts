// A Firefox Accounts client with one verb per user-visible step, so remote tests read
// as stories: create, log in, fetch keys, sign a certificate, sign out, delete.
//
// It holds what a real client holds: the email as the server stored it, the stretched
// password (authPW to prove it, unwrapBKey to recover kB) and the token seeds.
import type { ApiResponse, JsonObject, RequestOptions } from './api.js';
import { Api } from './api.js';
import type { BrowserIdPublicKey } from './browserid.js';
import { deriveToken, stretch, unbundleKeys, xor } from './onepw.js';

export interface CreateOptions {
  /** Ask for a keyFetchToken (`?keys=true`). */
  keys?: boolean;
  /** Mark the account verified at creation (test servers only). */
  preVerified?: boolean;
  /** Sent as Accept-Language; the server stores it as the account locale. */
  lang?: string;
}

export interface LoginOptions {
  keys?: boolean;
}

export interface Keys {
  kA: Buffer;
  kB: Buffer;
}

export class Client {
  uid = '';
  sessionToken = '';
  keyFetchToken: string | undefined;
  authAt = 0;
  /** From login; create does not report it (spec §2.2). */
  verified: boolean | undefined;

  private constructor(
    readonly api: Api,
    readonly email: string,
    private authPW: Buffer,
    private unwrapBKey: Buffer,
  ) {}

  static async create(
    origin: string,
    email: string,
    password: string,
    opts: CreateOptions = {},
  ): Promise<Client> {
    const client = await Client.stretched(origin, email, password);
    const body: JsonObject = { email, authPW: client.authPW.toString('hex') };
    if (opts.preVerified !== undefined) body.preVerified = opts.preVerified;
    const res = await client.api.call('POST', '/v1/account/create', {
      body,
      ...(opts.keys ? { query: { keys: 'true' } } : {}),
      ...(opts.lang === undefined ? {} : { headers: { 'accept-language': opts.lang } }),
    });
    client.adopt(res);
    return client;
  }

  static async login(
    origin: string,
    email: string,
    password: string,
    opts: LoginOptions = {},
  ): Promise<Client> {
    const client = await Client.stretched(origin, email, password);
    const res = await client.api.call('POST', '/v1/account/login', {
      body: { email, authPW: client.authPW.toString('hex') },
      ...(opts.keys ? { query: { keys: 'true' } } : {}),
    });
    client.adopt(res);
    client.verified = boolean(res, 'verified');
    return client;
  }

  /** Spends the keyFetchToken: the server deletes it once the keys are handed out. */
  async keys(): Promise<Keys> {
    if (this.keyFetchToken === undefined) throw new Error('no keyFetchToken; log in with keys');
    const seedHex = this.keyFetchToken;
    const res = await this.api.call('GET', '/v1/account/keys', {
      token: { type: 'keyFetchToken', seedHex },
    });
    this.keyFetchToken = undefined;
    const { bundleKey } = await deriveToken('keyFetchToken', seedHex);
    const { kA, wrapKb } = await unbundleKeys(string(res, 'bundle'), bundleKey);
    // onepw: kB = wrapKb XOR unwrapBKey (spec §3.3)
    return { kA, kB: xor(wrapKb, this.unwrapBKey) };
  }

  async sessionStatus(): Promise<JsonObject> {
    return this.api.call('GET', '/v1/session/status', { token: this.session() });
  }

  async accountStatus(): Promise<JsonObject> {
    return this.api.call('GET', '/v1/account/status', { token: this.session() });
  }

  /** Returns the compact JWS certificate for the given BrowserID public key. */
  async signCertificate(publicKey: BrowserIdPublicKey, durationMs: number): Promise<string> {
    const res = await this.api.call('POST', '/v1/certificate/sign', {
      token: this.session(),
      body: { publicKey, duration: durationMs },
    });
    return string(res, 'cert');
  }

  async destroySession(): Promise<JsonObject> {
    return this.api.call('POST', '/v1/session/destroy', { token: this.session() });
  }

  async destroyAccount(): Promise<JsonObject> {
    return this.api.call('POST', '/v1/account/destroy', {
      body: { email: this.email, authPW: this.authPW.toString('hex') },
    });
  }

  async recoveryEmailStatus(): Promise<JsonObject> {
    return this.api.call('GET', '/v1/recovery_email/status', { token: this.session() });
  }

  async resendVerifyCode(): Promise<JsonObject> {
    return this.api.call('POST', '/v1/recovery_email/resend_code', { token: this.session() });
  }

  /** The code from the verification mail proves the address. */
  async verifyEmail(code: string): Promise<JsonObject> {
    return this.api.call('POST', '/v1/recovery_email/verify_code', {
      body: { uid: this.uid, code },
    });
  }

  /**
   * onepw password change: recover kB with the old unwrapBKey, re-wrap it
   * under the new password, and hand the server only the new wrapKb, so kB
   * survives the change (spec §3.6).
   */
  async changePassword(newPassword: string): Promise<void> {
    const start = await this.api.call('POST', '/v1/password/change/start', {
      body: { email: this.email, oldAuthPW: this.authPW.toString('hex') },
    });
    this.keyFetchToken = string(start, 'keyFetchToken');
    const { kB } = await this.keys();
    const next = await stretch(this.email, newPassword);
    await this.api.call('POST', '/v1/password/change/finish', {
      token: { type: 'passwordChangeToken', seedHex: string(start, 'passwordChangeToken') },
      body: {
        authPW: next.authPW.toString('hex'),
        wrapKb: xor(kB, next.unwrapBKey).toString('hex'),
      },
    });
    this.authPW = next.authPW;
    this.unwrapBKey = next.unwrapBKey;
  }

  /** The raw transport, for requests a story verb does not cover. Never throws on status. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    return this.api.request(method, path, opts);
  }

  /** This client's session token, in the form `request` takes. */
  session(): { type: 'sessionToken'; seedHex: string } {
    return { type: 'sessionToken', seedHex: this.sessionToken };
  }

  private static async stretched(origin: string, email: string, password: string) {
    const { authPW, unwrapBKey } = await stretch(email, password);
    return new Client(new Api(origin), email, authPW, unwrapBKey);
  }

  private adopt(res: JsonObject): void {
    this.uid = string(res, 'uid');
    this.sessionToken = string(res, 'sessionToken');
    this.authAt = number(res, 'authAt');
    this.keyFetchToken = typeof res.keyFetchToken === 'string' ? res.keyFetchToken : undefined;
  }
}

function string(body: JsonObject, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') throw new Error(`response field ${name} is not a string`);
  return value;
}

function number(body: JsonObject, name: string): number {
  const value = body[name];
  if (typeof value !== 'number') throw new Error(`response field ${name} is not a number`);
  return value;
}

function boolean(body: JsonObject, name: string): boolean {
  const value = body[name];
  if (typeof value !== 'boolean') throw new Error(`response field ${name} is not a boolean`);
  return value;
}
