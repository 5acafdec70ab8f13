// The sign-in unblock part of the Store: codes mailed to an account whose
// login customs blocked, any of which lets one login through. See store.ts
// for the conventions every part follows.
//
// A row holds the SHA-256 of (uid, code), never the code. An account may
// hold several live codes at once: each request mails a new one without
// voiding the others, so someone asking for codes on the owner's behalf
// only ever adds codes to the owner's mailbox and cannot cancel the one
// the owner is typing.

export interface UnblockCodeStore {
  /** Stores a code's hash, sweeping the account's codes created before `expiredBefore`. */
  add(uid: Buffer, codeHash: Buffer, createdAt: number, expiredBefore: number): Promise<void>;
  /** The hashes of the account's codes created at or after `notBefore`. */
  live(uid: Buffer, notBefore: number): Promise<Buffer[]>;
  /** Deletes one code; true only for the caller whose delete removed it. */
  remove(uid: Buffer, codeHash: Buffer): Promise<boolean>;
}
