// The operator's part of the Store: what the admin CLI (src/admin) asks
// beyond what the routes need, such as paging through every account. See
// store.ts for the conventions every part follows.

/** What a listing shows of an account: nothing secret, nothing derived from the password. */
export interface AccountSummary {
  uid: Buffer;
  email: string;
  emailVerified: boolean;
  createdAt: number;
  locale: string | null;
}

export interface AccountPage {
  accounts: AccountSummary[];
  /** How many accounts there are in all, for "page 2 of 7". */
  total: number;
}

export interface AdminStore {
  /** `limit` accounts from `offset`, in order of sign-up (oldest first), and the total. */
  listAccounts(offset: number, limit: number): Promise<AccountPage>;

  /**
   * Up to `limit` accounts whose normalized address contains `text` (compared
   * in lower case, with `%` and `_` taken literally), in order of sign-up.
   */
  findAccounts(text: string, limit: number): Promise<AccountSummary[]>;

  /**
   * Signs the account out everywhere, as a password reset does but keeping
   * the password: in one transaction, every session, device, OAuth grant,
   * unblock code and other token of the account. Returns how many sessions
   * there were.
   */
  signOutEverywhere(uid: Buffer): Promise<number>;
}
