// The customs settings, plugged into the server's schema as `customs`: where
// the counters live, what happens when Redis is away, and the rules.
import { DEFAULT_RULES } from './rules.js';

export const customsSchema = {
  enabled: {
    doc: 'Rate limiting and abuse protection on every credential check and mail send.',
    format: Boolean,
    default: true,
    env: 'CUSTOMS_ENABLED',
  },
  redisUrl: {
    doc: "Redis for customs counters, shared by every server process (e.g. `redis://127.0.0.1:6379`). Empty means counters in this process's memory.",
    format: String,
    default: '',
    env: 'REDIS_URL',
    sensitive: true,
  },
  keyPrefix: {
    doc: 'Prefix of every customs key in Redis, so several deployments can share one Redis.',
    format: String,
    default: 'fxa:customs:',
    env: 'CUSTOMS_KEY_PREFIX',
  },
  failOpen: {
    doc: 'When Redis cannot be reached, let requests through (logged) instead of refusing them with 503.',
    format: Boolean,
    default: true,
    env: 'CUSTOMS_FAIL_OPEN',
  },
  rules: {
    doc: 'The rules, as a JSON array of `{name, actions, key, max, windowSec, blockSec, counts}`; see "Rate limits".',
    format: 'customs-rules',
    default: DEFAULT_RULES,
    env: 'CUSTOMS_RULES',
  },
  trustedProxies: {
    doc: 'Comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed. Empty means the client IP is the socket peer.',
    format: 'string-list',
    default: [] as string[],
    env: 'TRUSTED_PROXIES',
  },
};
