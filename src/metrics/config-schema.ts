// The metrics settings, plugged into the server's schema as `metrics`. Off
// by default: a server nobody scrapes should not hold a second port open.
// The README's "Metrics" section says what is measured and how to scrape it.
export const metricsSchema = {
  enabled: {
    doc: 'Serve Prometheus metrics at `/metrics` on a listener of its own (metrics.host, metrics.port), never on the public port.',
    format: Boolean,
    default: false,
    env: 'METRICS_ENABLED',
  },
  host: {
    doc: 'Address of the metrics listener. Any address but a loopback one requires metrics.token.',
    format: String,
    default: '127.0.0.1',
    env: 'METRICS_HOST',
  },
  port: {
    doc: 'Port of the metrics listener (0: any free port).',
    format: 'port',
    default: 9464,
    env: 'METRICS_PORT',
  },
  token: {
    doc: 'When set, a scrape must send `Authorization: Bearer <token>`; without it or with another token it gets 401. At least 16 characters (for example `openssl rand -hex 16`). Empty means no token, allowed on a loopback host only.',
    format: String,
    default: '',
    env: 'METRICS_TOKEN',
    sensitive: true,
  },
};
