// The links a message carries (api-v1.md §7). Verification and reset links
// point at the content server's /v1/ paths, which redirect to its pages; the
// notices after a password change or reset point at its reset page. Query
// parameters keep the spec's order, and the optional service, redirectTo and
// resume values are passed through untouched, appended only when present.
import type { LinkOptions } from './mailer.js';

export interface Links {
  verifyEmail(uid: Buffer, code: Buffer, opts?: LinkOptions): string;
  recoveryCode(token: Buffer, code: Buffer, email: string, opts?: LinkOptions): string;
  /** Where the password-changed and password-reset notices send the reader. */
  resetPassword(email: string): string;
  postVerify(): string;
  /** The content server's page that reports (rejects) an unblock code. */
  reportSignIn(uid: Buffer, code: string): string;
}

export function createLinks(contentServerUrl: string, syncUrl: string): Links {
  const cs = contentServerUrl.replace(/\/+$/, '');
  return {
    verifyEmail: (uid, code, opts = {}) =>
      `${cs}/v1/verify_email?${query({ uid: hex(uid), code: hex(code) }, opts)}`,
    recoveryCode: (token, code, email, opts = {}) =>
      `${cs}/v1/complete_reset_password?${query({ token: hex(token), code: hex(code), email }, opts)}`,
    resetPassword: (email) => `${cs}/reset_password?${query({ email })}`,
    postVerify: () => syncUrl,
    reportSignIn: (uid, code) =>
      `${cs}/report_signin?${query({ uid: hex(uid), unblockCode: code })}`,
  };
}

const PASSED_THROUGH = ['service', 'redirectTo', 'resume'] as const;

function query(fields: Record<string, string>, opts: LinkOptions = {}): string {
  const params = new URLSearchParams(fields);
  for (const name of PASSED_THROUGH) {
    const value = opts[name];
    if (value) params.append(name, value);
  }
  return params.toString();
}

const hex = (b: Buffer): string => b.toString('hex');
