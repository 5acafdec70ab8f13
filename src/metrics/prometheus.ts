// The Metrics port (metrics.ts) over prom-client, the only importer of it.
// Each process has its own registry, so two servers in one process (as in
// the tests) never share counts. The metric names below are the ones the
// README's "Metrics" section documents; the `fxa_` prefix keeps them apart
// from other exporters on the same Prometheus. prom-client's default
// metrics (process_*, nodejs_*, among them nodejs_eventloop_lag_seconds)
// keep their usual names so existing Node dashboards work unchanged.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics, Readings } from './metrics.js';

export interface PrometheusMetrics extends Metrics {
  /** The text exposition format of every metric, as of now. */
  exposition(): Promise<string>;
  readonly contentType: string;
}

// From a cached Sync GET (milliseconds) to a login waiting on scrypt under
// load (seconds).
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const readings: Readings = {};

  const requests = new Counter({
    name: 'fxa_http_requests_total',
    help: 'HTTP requests answered, by method, route template, status and FxA errno (0: success).',
    labelNames: ['method', 'route', 'status', 'errno'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'fxa_http_request_duration_seconds',
    help: 'Time from receiving a request to answering it, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const mailSent = new Counter({
    name: 'fxa_mail_sent_total',
    help: 'Mails the SMTP server accepted, by intent.',
    labelNames: ['intent'] as const,
    registers,
  });
  const mailFailed = new Counter({
    name: 'fxa_mail_failed_total',
    help: 'Mails that could not be sent (logged as "mail not sent"), by intent.',
    labelNames: ['intent'] as const,
    registers,
  });
  const customsBlocks = new Counter({
    name: 'fxa_customs_blocks_total',
    help: 'Requests refused by a rate-limit rule or an operator ban, by action and rule.',
    labelNames: ['action', 'rule'] as const,
    registers,
  });
  const scryptShed = new Counter({
    name: 'fxa_scrypt_shed_total',
    help: 'Password hashes refused with 503 errno 201 because scrypt.maxPending were in flight.',
    registers,
  });
  const databaseErrors = new Counter({
    name: 'fxa_db_errors_total',
    help: 'Database operations that failed because the database could not answer (503 errno 201), by reason.',
    labelNames: ['reason'] as const,
    registers,
  });
  // Both reasons are shown from the start, so an alert on their rate has a
  // series to read before the first failure.
  for (const reason of ['timeout', 'unavailable']) databaseErrors.inc({ reason }, 0);

  scryptGauges(registers, readings);
  let poolWatched = false;
  let cachesWatched = false;

  return {
    request(s) {
      const route = { method: s.method, route: s.route };
      requests.inc({ ...route, status: String(s.status), errno: String(s.errno) });
      latency.observe(route, s.seconds);
    },
    mailSent: (intent) => mailSent.inc({ intent }),
    mailFailed: (intent) => mailFailed.inc({ intent }),
    customsBlocked: (action, rule) => customsBlocks.inc({ action, rule }),
    scryptShed: () => scryptShed.inc(),
    databaseError: (reason) => databaseErrors.inc({ reason }),
    watch(more) {
      Object.assign(readings, more);
      // SQLite runs every operation on its one connection, in turn: it has
      // no pool, and so no pool series at all.
      if (!poolWatched && readings.databasePool?.()) {
        poolGauges(registers, readings);
        poolWatched = true;
      }
      if (!cachesWatched && readings.readCaches?.()) {
        readCacheSeries(registers, readings);
        cachesWatched = true;
      }
    },
    exposition: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

/** The scrypt gauges, read from `readings` at each scrape. */
function scryptGauges(registers: Registry[], readings: Readings): void {
  new Gauge({
    name: 'fxa_scrypt_in_flight',
    help: 'Password hashes running now; at fxa_scrypt_max_pending further ones are shed.',
    registers,
    collect() {
      this.set(readings.scrypt?.().inFlight ?? 0);
    },
  });
  new Gauge({
    name: 'fxa_scrypt_max_pending',
    help: 'The most password hashes allowed in flight (scrypt.maxPending).',
    registers,
    collect() {
      this.set(readings.scrypt?.().maxPending ?? 0);
    },
  });
}

/** The read caches' series, registered once a store with caches (SQLite) is watched. */
function readCacheSeries(registers: Registry[], readings: Readings): void {
  const caches = () => readings.readCaches?.() ?? [];
  new Counter({
    name: 'fxa_db_read_cache_reads_total',
    help: 'Reads of a remembered kind (session, devices, session_devices, profile), by whether memory answered them (hit) or the database did (miss).',
    labelNames: ['cache', 'result'] as const,
    registers,
    collect() {
      // The caches count; each scrape copies their totals.
      this.reset();
      for (const c of caches()) {
        this.inc({ cache: c.cache, result: 'hit' }, c.hits);
        this.inc({ cache: c.cache, result: 'miss' }, c.misses);
      }
    },
  });
  new Gauge({
    name: 'fxa_db_read_cache_entries',
    help: 'Values a read cache holds now. A commit makes them all stale; the next read drops them.',
    labelNames: ['cache'] as const,
    registers,
    collect() {
      for (const c of caches()) this.set({ cache: c.cache }, c.entries);
    },
  });
}

/** The MySQL pool gauges, registered once a pool is being watched. */
function poolGauges(registers: Registry[], readings: Readings): void {
  const pool = () => readings.databasePool?.();
  new Gauge({
    name: 'fxa_db_pool_connections',
    help: 'MySQL pool connections: open (idle or in use), idle, and the most it opens (max).',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const p = pool();
      if (!p) return;
      this.set({ state: 'open' }, p.open);
      this.set({ state: 'idle' }, p.idle);
      this.set({ state: 'max' }, p.max);
    },
  });
  new Gauge({
    name: 'fxa_db_pool_waiting',
    help: 'Database operations waiting for a MySQL pool connection.',
    registers,
    collect() {
      this.set(pool()?.waiting ?? 0);
    },
  });
}
