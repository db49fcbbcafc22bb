import { describe, expect, it } from 'vitest';
import {
  CONCURRENCY_HEADROOM,
  concurrencyDemands,
  concurrencyPlan,
  concurrencyProblems,
  DEFAULT_ACCOUNT_CONCURRENCY,
  SQS_MIN_CONCURRENCY,
} from '../../../shared/topology/concurrency.js';
import { FUNCTION_NAMES, queueTriggerOf } from '../../../shared/topology/functions.js';
import { QUEUE_NAMES } from '../../../shared/topology/queues.js';

describe('Lambda concurrency plan', () => {
  const plan = concurrencyPlan();

  it.each(FUNCTION_NAMES.filter((name) => queueTriggerOf(name)))('%s: its event source has a maximum concurrency SQS accepts', (name) => {
    const trigger = queueTriggerOf(name)!;
    expect(Number.isInteger(trigger.maxConcurrency)).toBe(true);
    expect(trigger.maxConcurrency).toBeGreaterThanOrEqual(SQS_MIN_CONCURRENCY);
  });

  it('counts every trigger of every function: event sources, schedules (resume checks too), HTTP routes and SNS', () => {
    const kinds = concurrencyDemands().map((d) => `${d.fn}:${d.trigger}`);
    expect(kinds.filter((k) => k.endsWith(':queue'))).toHaveLength(QUEUE_NAMES.length);
    expect(kinds).toEqual(expect.arrayContaining(['subscriptions:http', 'telegram-webhook:http', 'ses-events:sns', 'send-email:schedule', 'send-telegram:schedule', 'dispatch-polls:schedule']));
    expect(plan.total).toBe(plan.byTrigger.queue + plan.byTrigger.http + plan.byTrigger.schedule + plan.byTrigger.sns);
    expect(plan.byTrigger.http).toBeGreaterThan(0);
  });

  it('fits AWS\'s default quota with the headroom left free, and leaves the HTTP functions their room beside every event source at its maximum', () => {
    expect(concurrencyProblems(DEFAULT_ACCOUNT_CONCURRENCY, 'lambdaConcurrencyQuota')).toEqual([]);
    expect(plan.total).toBeLessThanOrEqual(DEFAULT_ACCOUNT_CONCURRENCY * (1 - CONCURRENCY_HEADROOM));
    // Sized for a small account too: everything at once needs a quota of a few dozen, not the default thousand.
    expect(plan.minimumQuota).toBeLessThanOrEqual(50);
    expect(concurrencyProblems(plan.minimumQuota, 'lambdaConcurrencyQuota')).toEqual([]);
  });

  it('refuses a quota the plan cannot fit, naming the key, what is needed and how to get more', () => {
    const problems = concurrencyProblems(plan.minimumQuota - 1, 'lambdaConcurrencyQuota');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`lambdaConcurrencyQuota=${plan.minimumQuota - 1}`);
    expect(problems[0]).toContain(`at least ${plan.minimumQuota}`);
    expect(problems[0]).toContain('L-B99A9384');
  });

  it('says that a new account\'s quota of 10 cannot hold the event sources at their minimum', () => {
    const [problem] = concurrencyProblems(10, 'lambdaConcurrencyQuota');
    expect(problem).toContain(`${QUEUE_NAMES.length} event sources at SQS's minimum of 2 each already take ${QUEUE_NAMES.length * 2}`);
  });

  it('refuses an event source maximum SQS would reject, naming the function', () => {
    const demands = [...concurrencyDemands().filter((d) => d.fn !== 'fan-out'), { fn: 'fan-out' as const, trigger: 'queue' as const, concurrency: 1 }];
    expect(concurrencyProblems(DEFAULT_ACCOUNT_CONCURRENCY, 'lambdaConcurrencyQuota', concurrencyPlan(demands))).toEqual([
      expect.stringMatching(/^fan-out: the queue trigger's maxConcurrency 1 is outside SQS's 2–1000/),
    ]);
  });
});
