// What the rest of the server asks of the mailer: one method per intent,
// named for what happened, never for how mail is built. Every send method
// returns at once; delivery runs off the request path, and a failure is
// logged and counted but never fails the request that caused it.

export interface MailAccount {
  uid: Buffer;
  email: string;
  /** The Accept-Language stored at sign-up; picks the message language. */
  locale: string | null;
}

/** Where the user goes after clicking, passed through from the request. */
export interface LinkOptions {
  service?: string;
  redirectTo?: string;
  resume?: string;
}

export interface Mailer {
  /** "Verify your account": link to <contentServer>/v1/verify_email?uid&code. */
  sendVerifyCode(account: MailAccount, code: Buffer, opts?: LinkOptions): void;
  /**
   * The 6-digit code for POST /session/verify_code (`verificationMethod:
   * email-otp`), with the verification link of sendVerifyCode as well, so
   * either way of confirming works from the one mail.
   */
  sendVerifyShortCode(
    account: MailAccount,
    shortCode: string,
    emailCode: Buffer,
    opts?: LinkOptions,
  ): void;
  /** "Reset your password": link with the passwordForgotToken seed and code. */
  sendRecoveryCode(
    account: MailAccount,
    passwordForgotToken: Buffer,
    code: Buffer,
    opts?: LinkOptions,
  ): void;
  /** A sign-in unblock code; the mail's link reports a sign-in the reader did not make. */
  sendUnblockCode(account: MailAccount, code: string): void;
  /** The notices: each is sent only while config leaves it on (mail.notices). */
  sendPasswordChanged(account: MailAccount): void;
  sendPasswordReset(account: MailAccount): void;
  sendPostVerify(account: MailAccount): void;

  /** Sends that failed since start. */
  readonly failures: number;
  /** Resolves when every send in flight has finished (used at shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}
