import type { Metrics } from '@aws-lambda-powertools/metrics';
import { type CustomMetric, METRICS } from '../topology/metrics.js';
import type { AlertSent } from '../usecases/delivery/deps.js';

/** Adds one value of a catalogued metric (shared/topology/metrics.ts); Powertools writes it as EMF when flushed. */
export function emitMetric(metrics: Metrics, metric: CustomMetric, value: number): void {
  metrics.addMetric(metric.name, metric.unit, value);
}

/** deliverAlert's `onSent`: one AlertsSent per message, and an instant alert's latency. */
export function alertSentMetrics(metrics: Metrics): (sent: AlertSent) => void {
  return (sent) => {
    emitMetric(metrics, METRICS.alertsSent, 1);
    if (sent.kind === 'instant' && sent.latencyMs !== undefined) emitMetric(metrics, METRICS.alertLatency, sent.latencyMs);
  };
}
