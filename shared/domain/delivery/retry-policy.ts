/** How a failed delivery attempt turns into a queue outcome: exponential backoff, then park with the reason. */
import type { FailureAction } from './failure-action.js';

export interface RetryPolicy {
  baseSeconds: number;
  maxSeconds: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseSeconds: 2, maxSeconds: 900, maxAttempts: 10 };

/** 2, 4, 8, … seconds, capped (SQS delays stop at 900 s). */
export function backoffSeconds(attempt: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(n - 1, 20));
}

export type RetryDecision = { kind: 'retry'; delaySeconds: number; reason: string } | { kind: 'park'; reason: string };

/** A retryable failure: the provider's delay when it named one (429 retry_after), else backoff; parked once attempts run out. */
export function decideRetry(action: Extract<FailureAction, { kind: 'retry' }>, reason: string, attempt: number, policy: RetryPolicy = DEFAULT_RETRY): RetryDecision {
  if (attempt >= policy.maxAttempts) return { kind: 'park', reason: `gave up after ${attempt} attempts: ${reason}` };
  const delaySeconds = action.delaySeconds > 0 ? Math.min(action.delaySeconds, policy.maxSeconds) : backoffSeconds(attempt, policy);
  return { kind: 'retry', delaySeconds, reason };
}
