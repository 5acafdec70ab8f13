// The plain objects the verbs take and return. Tokens and keys are hex
// strings: the caller stores them (the pages in sessionStorage) and hands
// them back; the client keeps no state of its own between calls.

export type Hex = string;

export interface FxaClientOptions {
  /** The user's languages, sent as Accept-Language; the server mails in them. */
  lang?: string;
  /** Where the profile server is mounted; default `<origin>/profile`. */
  profileUrl?: string;
  /** The OAuth client the pages act as for profile reads and writes; default Firefox desktop. */
  clientId?: string;
  /** Abandon a request after this many ms (NetworkError); 0 waits forever. Default 60000. */
  timeoutMs?: number;
}

/** Where mail links send the user afterwards, passed through to the server. */
export interface LinkOptions {
  service?: string;
  redirectTo?: string;
  resume?: string;
}

export interface SignUpOptions extends LinkOptions {
  /** Ask for a keyFetchToken, to fetch kA and kB once the address is verified. */
  keys?: boolean;
  /** `email-otp`: the mail also carries a 6-digit code for verifySessionCode. */
  verificationMethod?: 'email-otp';
  /** Create the account already verified (test servers only). */
  preVerified?: boolean;
}

export interface SignInOptions extends LinkOptions {
  keys?: boolean;
  /** For an unverified account, mail a 6-digit code to type into the waiting page. */
  verificationMethod?: 'email-otp';
  reason?: string;
  /** The mailed code (sendUnblockCode) that lets a login blocked with errno 125 through. */
  unblockCode?: string;
}

/** A signed-in session: what the pages keep while the user is signed in. */
export interface SessionInfo {
  uid: Hex;
  /** The address as the account spells it; onepw salts the password with this spelling. */
  email: string;
  sessionToken: Hex;
  /** Only with `keys: true`; spent by accountKeys. */
  keyFetchToken?: Hex;
  /** When the user authenticated, unix seconds. */
  authAt: number;
  /** Whether the account's address is verified (and with it the session). */
  verified: boolean;
  /** How the server asks for verification, when it does (`email` or `email-otp`). */
  verificationMethod?: string;
  /** `signup` when the address still needs verifying. */
  verificationReason?: string;
  /** Unwraps kB from the key bundle; never sent to the server. */
  unwrapBKey: Hex;
}

export interface AccountKeys {
  kA: Hex;
  kB: Hex;
}

export interface RecoveryEmailStatus {
  email: string;
  verified: boolean;
}

export interface SessionStatus {
  state: 'verified' | 'unverified';
  uid: Hex;
}

export interface PasswordForgotInfo {
  passwordForgotToken: Hex;
  /** Seconds the token and its code stay valid. */
  ttl: number;
  codeLength: number;
  tries: number;
  /**
   * The account's own spelling of the address, for accountReset (this
   * server adds it; FxA's does not, so it may be missing).
   */
  email?: string;
}

export interface PasswordForgotStatus {
  tries: number;
  ttl: number;
  /** As in PasswordForgotInfo: the stored spelling, when the server says. */
  email?: string;
}

export interface Device {
  id: Hex;
  isCurrentDevice: boolean;
  name: string | null;
  type: string | null;
  lastAccessTime: number | null;
  pushCallback: string | null;
  pushEndpointExpired: boolean;
  availableCommands: Record<string, string>;
}

/** A web session, browser or OAuth client signed in to the account. */
export interface AttachedClient {
  clientId: Hex | null;
  deviceId: Hex | null;
  /** A handle naming the session, not its token id. */
  sessionTokenId: string | null;
  refreshTokenId: Hex | null;
  isCurrentSession: boolean;
  deviceType: string | null;
  name: string | null;
  scope: string[] | null;
  createdTime: number;
  lastAccessTime: number;
}

/** What identifies an attached client for destroyAttachedClient. */
export type AttachedClientRef = Partial<
  Pick<AttachedClient, 'clientId' | 'deviceId' | 'sessionTokenId' | 'refreshTokenId'>
>;

/** The profile fields the token's scopes allow; `profile` allows all of them. */
export interface Profile {
  uid?: Hex;
  email?: string;
  locale?: string | null;
  displayName?: string | null;
  avatar?: string;
  avatarDefault?: boolean;
}

/** POST /v1/oauth/authorization, in the names Firefox's sign-in URL uses. */
export interface OAuthCodeParams {
  client_id: string;
  scope: string;
  state: string;
  code_challenge: string;
  code_challenge_method: 'S256';
  access_type?: 'online' | 'offline';
  keys_jwe?: string;
  redirect_uri?: string;
}

export interface OAuthCode {
  code: Hex;
  state?: string;
  /** The client's redirect URI with code and state in its query. */
  redirect: string;
}

export interface AccessToken {
  access_token: string;
  scope: string;
  expires_in: number;
}
