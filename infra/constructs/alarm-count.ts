import { FUNCTION_NAMES } from '../../shared/topology/functions.js';
import { METRICS } from '../../shared/topology/metrics.js';
import { QUEUE_NAMES } from '../../shared/topology/queues.js';
import { DEFAULT_FUNCTION_ALARMS, type FunctionAlarms } from './function-alarms.js';

/**
 * How many alarms infra/constructs/monitoring.ts creates, without building it: the cost model prices them ($0.10 a
 * month each beyond the free 10), and test/infra/monitoring.test.ts holds the construct to this count.
 */
export function alarmCount(functionAlarms: FunctionAlarms = DEFAULT_FUNCTION_ALARMS): number {
  const deadLetters = QUEUE_NAMES.length + 1;
  const senderHalted = 1;
  const functions = functionAlarms === 'per-function' ? 2 * FUNCTION_NAMES.length : 2;
  const sesReputation = 2;
  const latency = METRICS.alertLatency.emittedBy.length;
  return deadLetters + senderHalted + functions + sesReputation + latency;
}
