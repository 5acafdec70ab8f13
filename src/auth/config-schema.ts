// The Hawk replay settings, spread into the server's `hawk` section beside
// the timestamp skew they depend on (a nonce is remembered for twice it).
export const replaySchema = {
  checkNonces: {
    doc: 'Refuse a Hawk request whose nonce the same token used within 2 × timestampSkewSec (401 errno 109). Nonces are kept in Redis when `REDIS_URL` is set, else in memory.',
    format: Boolean,
    default: true,
    env: 'HAWK_CHECK_NONCES',
  },
  nonceCacheSize: {
    doc: 'How many recent nonces one process remembers without Redis. When that many arrive within the window, further Hawk requests get 503 errno 201 until the oldest expire.',
    format: 'nat',
    default: 100_000,
    env: 'HAWK_NONCE_CACHE_SIZE',
  },
  noncesPerToken: {
    doc: 'How many Hawk requests one token may sign within 2 × timestampSkewSec. Past it that token alone gets 429 errno 114 until the window passes, so one client cannot fill the nonce store for everyone. Firefox sends a few a minute.',
    format: 'nat',
    default: 2000,
    env: 'HAWK_NONCES_PER_TOKEN',
  },
};
