// The metrics room's front door for main.ts: the Metrics port the other
// modules are handed (Prometheus counters when metrics are on, noMetrics
// when off), and the listener that serves them.
import type { Logger } from '../log.js';
import { startMetricsListener, type MetricsListener } from './listener.js';
import { noMetrics, type Metrics } from './metrics.js';
import { createPrometheusMetrics } from './prometheus.js';

export type { Metrics } from './metrics.js';

/** The `metrics` settings (config-schema.ts). */
export interface MetricsSettings {
  enabled: boolean;
  host: string;
  port: number;
  token: string;
}

export interface MetricsRoom {
  metrics: Metrics;
  /** Starts the /metrics listener; undefined when metrics are off. */
  listen(log: Logger): Promise<MetricsListener | undefined>;
}

export function createMetrics(settings: MetricsSettings): MetricsRoom {
  if (!settings.enabled) return { metrics: noMetrics, listen: () => Promise.resolve(undefined) };
  const prometheus = createPrometheusMetrics();
  return {
    metrics: prometheus,
    listen: (log) =>
      startMetricsListener({
        ...settings,
        exposition: () => prometheus.exposition(),
        contentType: prometheus.contentType,
        log,
      }),
  };
}
