// The shape every locale file fills in. Strings are plain text: the templates
// escape them for HTML, so a translation never carries markup. `{email}` is
// replaced with the account's address, and `{code}` (unblock mail only)
// with the code to type.

/** The words of one kind of message, in the order a reader meets them. */
export interface MessageStrings {
  subject: string;
  heading: string;
  /** Paragraphs above the call to action. */
  body: string[];
  /** The label of the one link the message is about. */
  action: string;
  /** An optional paragraph below the link, e.g. "ignore this if it was not you". */
  footnote?: string;
}

export interface MailStrings {
  verifyEmail: MessageStrings;
  /** The 6-digit code of `verificationMethod: email-otp`; the action links to the same verification. */
  verifyShortCode: MessageStrings;
  recoveryCode: MessageStrings;
  passwordChanged: MessageStrings;
  passwordReset: MessageStrings;
  postVerify: MessageStrings;
  /** The sign-in unblock code; its link reports a sign-in the reader did not make. */
  unblockCode: MessageStrings;
  /** Lines shared by every message. */
  common: {
    /** Precedes the raw link, for mail clients that hide buttons. */
    linkFallback: string;
    supportIntro: string;
    supportLink: string;
    automated: string;
  };
}
