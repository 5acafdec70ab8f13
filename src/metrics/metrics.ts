// What the rest of the server tells the metrics: a few named events, pushed
// as they happen, and a few readings (gauges) taken at each scrape. Routes,
// the mailer, customs and the database call this port and never prom-client,
// which stays in prometheus.ts; with metrics switched off they get
// `noMetrics`, which does nothing and costs nothing.
//
// Every label value passed here comes from a small, fixed set (a route
// template, an intent, a rule name from config, an HTTP status, an errno),
// never from the request itself, so the number of series stays bounded.

export interface RequestSample {
  method: string;
  /** The hapi route path template (`/v1/account/login`, `/{p*}`), never the raw URL. */
  route: string;
  status: number;
  /** The FxA errno of an error response, 0 for a success. */
  errno: number;
  seconds: number;
}

/** How the database could not answer (db/sql/observed.ts). */
export type DatabaseErrorReason = 'timeout' | 'unavailable';

/** The MySQL pool as mysql2 holds it; SQLite has one connection and no pool. */
export interface PoolSample {
  /** The most connections the pool opens. */
  max: number;
  open: number;
  idle: number;
  /** Operations waiting for a connection. */
  waiting: number;
}

/** One of the store's read caches, by what it reads (SQLite only). */
export interface ReadCacheSample {
  cache: string;
  hits: number;
  misses: number;
  entries: number;
}

/** Readings taken when Prometheus scrapes, from whoever owns the state. */
export interface Readings {
  scrypt?: () => { inFlight: number; maxPending: number };
  /** Undefined when the store has no pool (SQLite). */
  databasePool?: () => PoolSample | undefined;
  /** Undefined when the store remembers no reads (MySQL). */
  readCaches?: () => ReadCacheSample[] | undefined;
}

export interface Metrics {
  request(sample: RequestSample): void;
  mailSent(intent: string): void;
  mailFailed(intent: string): void;
  /** A request refused by a customs rule (or an operator's ban: rule `ban`). */
  customsBlocked(action: string, rule: string): void;
  /** A password hash refused because maxPending were in flight (503 errno 201). */
  scryptShed(): void;
  databaseError(reason: DatabaseErrorReason): void;
  /** Registers the readings; a later call adds to or replaces earlier ones. */
  watch(readings: Readings): void;
}

const ignore = (): void => {};

export const noMetrics: Metrics = {
  request: ignore,
  mailSent: ignore,
  mailFailed: ignore,
  customsBlocked: ignore,
  scryptShed: ignore,
  databaseError: ignore,
  watch: ignore,
};
