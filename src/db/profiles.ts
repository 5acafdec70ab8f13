// The profile part of the Store: what the profile server keeps beyond the
// account itself. Today that is the display name a person sets on the
// settings page; the address, locale and avatar come from elsewhere. See
// store.ts for the conventions every part follows.

/** What GET /v1/profile shows of an account. */
export interface ProfileRecord {
  uid: Buffer;
  email: string;
  locale: string | null;
  displayName: string | null;
}

/** An access token's row with the profile of its account (ProfileStore.forAccessToken). */
export interface AccessTokenProfile {
  uid: Buffer;
  scope: string;
  expiresAt: number;
  profile: ProfileRecord;
}

export interface ProfileStore {
  /**
   * The access token's row and its account's profile fields, in one read;
   * undefined when either is gone. The profile route's only statement.
   */
  forAccessToken(jti: Buffer): Promise<AccessTokenProfile | undefined>;
  /** The account's display name; null when none is set or there is no such account. */
  displayName(uid: Buffer): Promise<string | null>;
  /** Sets the display name, or clears it with null; false when there is no such account. */
  setDisplayName(uid: Buffer, displayName: string | null): Promise<boolean>;
}
