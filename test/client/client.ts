// A Firefox Accounts user for remote stories, one verb per step, so tests
// read as stories: create, log in, fetch keys, sign a certificate, sign
// out, delete. It is a thin layer over src/client's FxaClient, the client
// the pages run, so every story exercises that client as well as the
// server; keys come back as Buffers for comparing.
//
// It holds what a signed-in client holds: the email as the account spells
// it, the password (the verbs stretch it), unwrapBKey and the token seeds.
import type { FxaClient, SessionInfo } from '../../src/client/index.js';
import type { ApiResponse, JsonObject, RequestOptions } from './api.js';
import { Api } from './api.js';
import type { BrowserIdPublicKey } from './browserid.js';

export interface CreateOptions {
  /** Ask for a keyFetchToken (`?keys=true`). */
  keys?: boolean;
  /** Mark the account verified at creation (test servers only). */
  preVerified?: boolean;
  /** Sent as Accept-Language; the server stores it as the account locale. */
  lang?: string;
  /** `email-otp`: the verification mail also carries a 6-digit code. */
  verificationMethod?: 'email-otp';
}

export interface LoginOptions {
  keys?: boolean;
  verificationMethod?: 'email-otp';
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
  /** From login; create does not report it (api-v1.md §2.2). */
  verified: boolean | undefined;
  email: string;
  /** The client's verbs, over `api`. */
  readonly fxa: FxaClient;
  private unwrapBKey = '';

  private constructor(
    readonly api: Api,
    email: string,
    private password: string,
  ) {
    this.email = email;
    this.fxa = api.verbs();
  }

  static async create(
    origin: string,
    email: string,
    password: string,
    opts: CreateOptions = {},
  ): Promise<Client> {
    const client = new Client(new Api(origin, lang(opts.lang)), email, password);
    const { keys, preVerified, verificationMethod } = opts;
    const signUp = { keys, preVerified, verificationMethod };
    client.adopt(await client.fxa.signUp(email, password, signUp));
    client.verified = undefined;
    return client;
  }

  static async login(
    origin: string,
    email: string,
    password: string,
    opts: LoginOptions = {},
  ): Promise<Client> {
    const client = new Client(new Api(origin), email, password);
    client.adopt(await client.fxa.signIn(email, password, opts));
    return client;
  }

  /** Spends the keyFetchToken: the server deletes it once the keys are handed out. */
  async keys(): Promise<Keys> {
    if (this.keyFetchToken === undefined) throw new Error('no keyFetchToken; log in with keys');
    const { kA, kB } = await this.fxa.accountKeys(this.keyFetchToken, this.unwrapBKey);
    this.keyFetchToken = undefined;
    return { kA: Buffer.from(kA, 'hex'), kB: Buffer.from(kB, 'hex') };
  }

  async sessionStatus(): Promise<JsonObject> {
    return { ...(await this.fxa.sessionStatus(this.sessionToken)) };
  }

  /** GET /v1/account/status with the session: `{exists, locale}`. */
  async accountStatus(): Promise<JsonObject> {
    return this.api.call('GET', '/v1/account/status', { token: this.session() });
  }

  /** Returns the compact JWS certificate for the given BrowserID public key. */
  async signCertificate(publicKey: BrowserIdPublicKey, durationMs: number): Promise<string> {
    const res = await this.api.call('POST', '/v1/certificate/sign', {
      token: this.session(),
      body: { publicKey, duration: durationMs },
    });
    if (typeof res.cert !== 'string') throw new Error('no cert in the answer');
    return res.cert;
  }

  async destroySession(): Promise<void> {
    await this.fxa.sessionDestroy(this.sessionToken);
  }

  async destroyAccount(): Promise<void> {
    await this.fxa.accountDestroy(this.email, this.password);
  }

  async recoveryEmailStatus(): Promise<JsonObject> {
    return { ...(await this.fxa.recoveryEmailStatus(this.sessionToken)) };
  }

  async resendVerifyCode(): Promise<void> {
    await this.fxa.recoveryEmailResendCode(this.sessionToken);
  }

  /** The code from the verification mail's link proves the address. */
  async verifyEmail(code: string): Promise<void> {
    await this.fxa.verifyEmailLink(this.uid, code);
  }

  /** The 6-digit code from the mail proves the address and the session. */
  async verifySessionCode(code: string): Promise<void> {
    await this.fxa.verifySessionCode(this.sessionToken, code);
  }

  async resendSessionCode(): Promise<void> {
    await this.fxa.resendSessionCode(this.sessionToken);
  }

  /**
   * onepw password change, keeping kB (api-v1.md §3.6). Every session of the
   * account ends, this one included; this client keeps its old, now dead,
   * session so stories can show that.
   */
  async changePassword(newPassword: string): Promise<void> {
    const fresh = await this.fxa.passwordChange(this.email, this.password, newPassword);
    this.password = newPassword;
    this.unwrapBKey = fresh.unwrapBKey;
  }

  /** The raw transport, for requests a story verb does not cover. Never throws on status. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    return this.api.request(method, path, opts);
  }

  /** This client's session token, in the form `request` takes. */
  session(): { type: 'sessionToken'; seedHex: string } {
    return { type: 'sessionToken', seedHex: this.sessionToken };
  }

  private adopt(info: SessionInfo): void {
    this.uid = info.uid;
    this.email = info.email;
    this.sessionToken = info.sessionToken;
    this.authAt = info.authAt;
    this.keyFetchToken = info.keyFetchToken;
    this.verified = info.verified;
    this.unwrapBKey = info.unwrapBKey;
  }
}

const lang = (value: string | undefined) => (value === undefined ? {} : { lang: value });
