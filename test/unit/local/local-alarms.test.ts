import { describe, expect, it } from 'vitest';
import type { LocalAlarm } from '../../../infra/local/aws/local-deployment.js';
import { localAlarmStates } from '../../../infra/local/local-alarms.js';
import { METRICS, METRICS_NAMESPACE } from '../../../shared/topology/metrics.js';

const dlq = (name: string, comparison = 'GreaterThanThreshold', threshold = 0): LocalAlarm => ({
  name,
  description: `run \`newshound dlq show ${name}\``,
  namespace: 'AWS/SQS',
  metricName: 'ApproximateNumberOfMessagesVisible',
  dimensions: { QueueName: `${name}-dlq` },
  threshold,
  comparison,
});
const visible: Record<string, number> = { 'a-dlq': 0, 'b-dlq': 2 };
const measures = { visibleMessages: (queue: string) => visible[queue], haltedSenders: 0 };

describe('localAlarmStates', () => {
  it('fires the alarms whose measured value breaches their threshold, by their comparison', () => {
    const alarms = [dlq('a'), dlq('b'), dlq('a', 'GreaterThanOrEqualToThreshold'), dlq('b', 'LessThanThreshold', 2), dlq('b', 'LessThanOrEqualToThreshold', 2)];
    expect(localAlarmStates(alarms, measures).firing.map((a) => [a.name, a.value])).toEqual([
      ['b', 2],
      ['a', 0],
      ['b', 2],
    ]);
  });

  it('measures halted senders from the halt records, and lists what only CloudWatch measures', () => {
    const halted: LocalAlarm = { name: 'halted', description: 'run `newshound doctor`', namespace: METRICS_NAMESPACE, metricName: METRICS.senderHalted.name, dimensions: {}, threshold: 0, comparison: 'GreaterThanThreshold' };
    const errors: LocalAlarm = { ...halted, name: 'errors', namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' } };
    expect(localAlarmStates([halted, errors, dlq('unknown')], { ...measures, haltedSenders: 1 })).toEqual({
      firing: [{ name: 'halted', value: 1, threshold: 0, description: 'run `newshound doctor`' }],
      notMeasured: ['errors', 'unknown'],
    });
  });

  it('refuses a comparison it does not know instead of calling the alarm quiet', () => {
    expect(() => localAlarmStates([dlq('b', 'LessThanLowerOrGreaterThanUpperThreshold')], measures)).toThrow(/LessThanLowerOrGreaterThanUpperThreshold/);
  });
});
