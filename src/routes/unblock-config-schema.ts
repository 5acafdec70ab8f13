// Settings of FxA's sign-in unblock (account-unblock.ts), plugged into the
// server's schema as `signinUnblock`.
export const signinUnblockSchema = {
  codeLifetimeMs: {
    doc: 'How long a mailed sign-in unblock code can let a blocked login through, in ms.',
    format: 'nat',
    default: 60 * 60 * 1000,
    env: 'SIGNIN_UNBLOCK_CODE_LIFETIME_MS',
  },
};
