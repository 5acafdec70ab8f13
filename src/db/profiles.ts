// The profile part of the Store: what the profile server keeps beyond the
// account itself. Today that is the display name a person sets on the
// settings page; the address, locale and avatar come from elsewhere. See
// store.ts for the conventions every part follows.

export interface ProfileStore {
  /** The account's display name; null when none is set or there is no such account. */
  displayName(uid: Buffer): Promise<string | null>;
  /** Sets the display name, or clears it with null; false when there is no such account. */
  setDisplayName(uid: Buffer, displayName: string | null): Promise<boolean>;
}
