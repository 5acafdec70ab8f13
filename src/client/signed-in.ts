// The verbs of a signed-in session beyond the account itself: its devices
// and attached clients, the profile, and the OAuth steps that hand Firefox
// a code carrying its scoped keys (firefox.md §3.5). FxaClient inherits
// them; they live apart only to keep each file readable.
//
// The profile server takes OAuth access tokens, not sessions, so profile
// verbs first trade the session for a short-lived token with the
// fxa-credentials grant, scoped to just what the verb needs.
import { encryptKeysJwe } from './jwe.js';
import { deriveScopedKeys, type ScopedKeyData } from './keys.js';
import { defined, num, object, optStr, str } from './read.js';
import { Transport, type TokenRef } from './transport.js';
import type {
  AccessToken,
  AttachedClient,
  AttachedClientRef,
  Device,
  FxaClientOptions,
  Hex,
  OAuthCode,
  OAuthCodeParams,
  Profile,
} from './types.js';

/** Firefox desktop's OAuth client id (firefox.md §2.1). */
export const FIREFOX_CLIENT_ID = '5882386c6d801776';

// Long enough for one page's requests, short enough that a leaked token soon dies.
const PROFILE_TOKEN_TTL_SEC = 300;

const session = (seedHex: Hex): TokenRef => ({ type: 'sessionToken', seedHex });

export class SignedInVerbs {
  protected readonly api: Transport;
  private readonly profile: Transport;
  private readonly clientId: string;

  constructor(api: Transport, opts: FxaClientOptions) {
    this.api = api;
    this.profile = new Transport(opts.profileUrl ?? `${api.origin}/profile`, opts);
    this.clientId = opts.clientId ?? FIREFOX_CLIENT_ID;
  }

  /** The transport, for requests no verb covers. */
  get transport(): Transport {
    return this.api;
  }

  /** The account's devices (`isCurrentDevice` marks this session's), optionally only recent ones. */
  async devices(
    sessionToken: Hex,
    opts: { filterIdleDevicesTimestamp?: number } = {},
  ): Promise<Device[]> {
    const since = opts.filterIdleDevicesTimestamp;
    const list = await this.api.callArray('GET', '/v1/account/devices', {
      token: session(sessionToken),
      ...(since === undefined ? {} : { query: { filterIdleDevicesTimestamp: String(since) } }),
    });
    return list.map((d) => object(d, 'a device') as unknown as Device);
  }

  /** Removes a device, and with it the session it was signed in with. */
  async destroyDevice(sessionToken: Hex, id: Hex): Promise<void> {
    await this.api.call('POST', '/v1/account/device/destroy', {
      token: session(sessionToken),
      body: { id },
    });
  }

  /** Every session, browser and OAuth client signed in to the account. */
  async attachedClients(sessionToken: Hex): Promise<AttachedClient[]> {
    const list = await this.api.callArray('GET', '/v1/account/attached_clients', {
      token: session(sessionToken),
    });
    return list.map((c) => object(c, 'an attached client') as unknown as AttachedClient);
  }

  /** Signs one attached client out, named by the ids attachedClients reported for it. */
  async destroyAttachedClient(sessionToken: Hex, client: AttachedClientRef): Promise<void> {
    const body = defined({
      clientId: client.clientId ?? undefined,
      deviceId: client.deviceId ?? undefined,
      sessionTokenId: client.sessionTokenId ?? undefined,
      refreshTokenId: client.refreshTokenId ?? undefined,
    });
    await this.api.call('POST', '/v1/account/attached_client/destroy', {
      token: session(sessionToken),
      body,
    });
  }

  /** An access token for `scope`, from the session (the fxa-credentials grant). */
  async oauthToken(
    sessionToken: Hex,
    scope: string,
    opts: { ttl?: number; clientId?: string } = {},
  ): Promise<AccessToken> {
    const res = await this.api.call('POST', '/v1/oauth/token', {
      token: session(sessionToken),
      body: defined({
        grant_type: 'fxa-credentials',
        client_id: opts.clientId ?? this.clientId,
        scope,
        ttl: opts.ttl,
      }),
    });
    return {
      access_token: str(res, 'access_token'),
      scope: str(res, 'scope'),
      expires_in: num(res, 'expires_in'),
    };
  }

  /** The profile (email, display name, avatar...) through a short-lived `profile` token. */
  async accountProfile(sessionToken: Hex): Promise<Profile> {
    const token = await this.oauthToken(sessionToken, 'profile', { ttl: PROFILE_TOKEN_TTL_SEC });
    const res = await this.profile.call('GET', '/v1/profile', {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    return res;
  }

  /** Sets the display name the profile reports; an empty name clears it. */
  async setDisplayName(sessionToken: Hex, displayName: string): Promise<void> {
    const token = await this.oauthToken(sessionToken, 'profile:display_name:write', {
      ttl: PROFILE_TOKEN_TTL_SEC,
    });
    await this.profile.call('POST', '/v1/display_name', {
      headers: { authorization: `Bearer ${token.access_token}` },
      body: { displayName },
    });
  }

  /** Per-scope key data for an OAuth client; an empty object when no scope carries keys. */
  async scopedKeyData(
    sessionToken: Hex,
    clientId: string,
    scope: string,
  ): Promise<Record<string, ScopedKeyData>> {
    const res = await this.api.call('POST', '/v1/account/scoped-key-data', {
      token: session(sessionToken),
      body: { client_id: clientId, scope },
    });
    const out: Record<string, ScopedKeyData> = {};
    for (const [name, value] of Object.entries(res)) {
      const entry = object(value, `scoped key data for ${name}`);
      out[name] = {
        identifier: str(entry, 'identifier'),
        keyRotationSecret: str(entry, 'keyRotationSecret'),
        keyRotationTimestamp: num(entry, 'keyRotationTimestamp'),
      };
    }
    return out;
  }

  /**
   * keys_jwe for an authorization: the scoped keys of every requested scope
   * that has them, derived from kB and encrypted to Firefox's keys_jwk.
   * Undefined when none of the scopes carries keys.
   */
  async keysJwe(
    sessionToken: Hex,
    p: { kB: Hex; clientId: string; scope: string; keysJwk: string | object },
  ): Promise<string | undefined> {
    const data = await this.scopedKeyData(sessionToken, p.clientId, p.scope);
    if (Object.keys(data).length === 0) return undefined;
    return encryptKeysJwe(await deriveScopedKeys(p.kB, data), p.keysJwk);
  }

  /** An authorization code for the client, carrying keys_jwe (POST /v1/oauth/authorization). */
  async createOAuthCode(sessionToken: Hex, p: OAuthCodeParams): Promise<OAuthCode> {
    const res = await this.api.call('POST', '/v1/oauth/authorization', {
      token: session(sessionToken),
      body: { response_type: 'code', access_type: 'offline', ...defined(p) },
    });
    return defined({
      code: str(res, 'code'),
      state: optStr(res, 'state'),
      redirect: str(res, 'redirect'),
    });
  }
}
