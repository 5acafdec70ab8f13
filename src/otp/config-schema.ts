// Settings of the mailed 6-digit codes (src/otp/code.ts), plugged into the
// server's schema under `otp`.
export const otpSchema = {
  codeLifetimeMs: {
    doc: 'How long a mailed 6-digit verification code (`verificationMethod: email-otp`) is accepted, in ms. A code lives between 3/4 of this and all of it, and a resend within a quarter of it mails the same code.',
    format: 'nat',
    default: 30 * 60 * 1000,
    env: 'OTP_CODE_LIFETIME_MS',
  },
};
