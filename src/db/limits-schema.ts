// Settings of the per-account caps and the expiry of idle OAuth refresh
// tokens, plugged into the server's schema under `limits`. What a cap does
// when it is met is documented in README "Security": the newest grant is
// refused with errno 189 and nothing older is dropped.
import { DEFAULT_LIMITS } from './store.js';

const DAY_MS = 24 * 3600 * 1000;

export const limitsSchema = {
  sessionsPerAccount: {
    doc: 'Most sessions one account may hold; a sign-in past it gets errno 189.',
    format: 'nat',
    default: DEFAULT_LIMITS.sessionsPerAccount,
    env: 'LIMIT_SESSIONS_PER_ACCOUNT',
  },
  devicesPerAccount: {
    doc: 'Most devices one account may register; a registration past it gets errno 189.',
    format: 'nat',
    default: DEFAULT_LIMITS.devicesPerAccount,
    env: 'LIMIT_DEVICES_PER_ACCOUNT',
  },
  refreshTokensPerClient: {
    doc: 'Most OAuth refresh tokens one account may hold for one client; a grant past it gets errno 189.',
    format: 'nat',
    default: DEFAULT_LIMITS.refreshTokensPerClient,
    env: 'LIMIT_REFRESH_TOKENS_PER_CLIENT',
  },
  oauthCodesPerAccount: {
    doc: 'Most unexpired OAuth authorization codes one account may have outstanding; errno 189 past it.',
    format: 'nat',
    default: DEFAULT_LIMITS.oauthCodesPerAccount,
    env: 'LIMIT_OAUTH_CODES_PER_ACCOUNT',
  },
  commandsPerDevice: {
    doc: 'Most unexpired device commands queued for one device; invoke_command past it gets errno 189.',
    format: 'nat',
    default: DEFAULT_LIMITS.commandsPerDevice,
    env: 'LIMIT_COMMANDS_PER_DEVICE',
  },
  commandPayloadBytes: {
    doc: 'Largest device command payload, in bytes of its JSON; a larger one gets 413 errno 113.',
    format: 'nat',
    default: 64 * 1024,
    env: 'LIMIT_COMMAND_PAYLOAD_BYTES',
  },
  refreshTokenUnusedMs: {
    doc: 'An OAuth refresh token not used for this many ms expires and is pruned; 0 means never.',
    format: 'nat',
    default: 180 * DAY_MS,
    env: 'REFRESH_TOKEN_UNUSED_MS',
  },
};
