/** One attempt at one delivery: its dependencies, its instant and its retry budget, and the outcomes every step shares. */
import { decideRetry, DEFAULT_RETRY, type RetryPolicy } from '../../domain/delivery/retry-policy.js';
import type { ConsumerOutcome } from '../consumer-outcome.js';
import type { DeliverAlertDeps, DeliveryAttempt } from './deps.js';

export interface Run {
  deps: DeliverAlertDeps;
  now: Date;
  attempt: number;
  policy: RetryPolicy;
  /** Seconds a ledger claim holds off other consumers. */
  lease: number;
  /** Milliseconds the invocation has left (Lambda's context), when the runtime knows. */
  remainingMs?: () => number;
}

export function startRun(deps: DeliverAlertDeps, meta: DeliveryAttempt): Run {
  return {
    deps,
    now: deps.clock.now(),
    attempt: Math.max(1, meta.attempt ?? meta.receiveCount ?? 1),
    policy: { ...DEFAULT_RETRY, maxAttempts: deps.config.maxAttempts ?? DEFAULT_RETRY.maxAttempts },
    lease: deps.config.leaseSeconds ?? 60,
    ...(meta.remainingMs ? { remainingMs: meta.remainingMs } : {}),
  };
}

export const done = (detail: string): ConsumerOutcome => ({ kind: 'done', detail });

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function retryOrPark(run: Run, reason: string, delaySeconds = 0): ConsumerOutcome {
  return decideRetry({ kind: 'retry', delaySeconds }, reason, run.attempt, run.policy);
}
