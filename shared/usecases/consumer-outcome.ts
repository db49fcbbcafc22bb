/**
 * What a queue consumer's use case decided for one message. The runtime acts on it:
 * locally the queue runner, in AWS the handler (re-send with DelaySeconds, or park in the DLQ with the reason).
 */
export type ConsumerOutcome =
  /** Done: delete the message. `detail` is for logs/summaries (e.g. 'sent', 'already-sent', 'skipped: unsubscribed'). */
  | { kind: 'done'; detail: string }
  /** Try again later (throttling, 429 retry_after, 5xx, quiet hours, lease busy). */
  | { kind: 'retry'; delaySeconds: number; reason: string }
  /** Never retry: park in the dead-letter queue with the reason. */
  | { kind: 'park'; reason: string }
  /** Stop consuming this queue and raise an alarm (e.g. SES SendingPaused / AccountSuspended); the message stays. */
  | { kind: 'halt'; reason: string };
