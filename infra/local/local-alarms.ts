/**
 * Which of the template's alarms would fire on the local topology, for the status page: the ones over a metric the
 * local runtime holds right now (a queue's visible messages, the senders that halted). The others (Lambda errors and
 * throttles, SES reputation, latency percentiles) need CloudWatch's history; they are listed as not measured here.
 */
import { METRICS, METRICS_NAMESPACE } from '../../shared/topology/metrics.js';
import type { LocalAlarm } from './aws/local-deployment.js';

export interface LocalMeasures {
  /** The visible messages of the queue with this physical name; undefined when there is none. */
  visibleMessages(queueName: string): number | undefined;
  haltedSenders: number;
}

export interface FiringAlarm {
  name: string;
  value: number;
  threshold: number;
  /** What the alarm's email tells the admin to do. */
  description: string;
}

export interface LocalAlarmStates {
  firing: FiringAlarm[];
  /** The names of the alarms whose metric only CloudWatch has. */
  notMeasured: string[];
}

export function localAlarmStates(alarms: readonly LocalAlarm[], measures: LocalMeasures): LocalAlarmStates {
  const firing: FiringAlarm[] = [];
  const notMeasured: string[] = [];
  for (const alarm of alarms) {
    const value = measure(alarm, measures);
    if (value === undefined) notMeasured.push(alarm.name);
    else if (breaches(alarm.comparison, value, alarm.threshold)) firing.push({ name: alarm.name, value, threshold: alarm.threshold, description: alarm.description });
  }
  return { firing, notMeasured };
}

function measure(alarm: LocalAlarm, measures: LocalMeasures): number | undefined {
  if (alarm.namespace === 'AWS/SQS' && alarm.metricName === 'ApproximateNumberOfMessagesVisible' && alarm.dimensions.QueueName) {
    return measures.visibleMessages(alarm.dimensions.QueueName);
  }
  if (alarm.namespace === METRICS_NAMESPACE && alarm.metricName === METRICS.senderHalted.name) return measures.haltedSenders;
  return undefined;
}

function breaches(comparison: string, value: number, threshold: number): boolean {
  switch (comparison) {
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
    default:
      throw new Error(`alarm comparison ${comparison} is not one the local status page knows`);
  }
}
