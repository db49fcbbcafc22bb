export interface QueueMessage<T> {
  id: string;
  body: T;
  /** How many times this message has been received (1 on first delivery). */
  receiveCount: number;
}

/** A durable at-least-once queue: SQS in AWS, a file-backed queue locally. */
export interface Queue<T> {
  readonly name: string;
  send(bodies: T[], options?: { delaySeconds?: number }): Promise<void>;
}

/** The consumer side, used by the local runtime (Lambda's event source mapping does this in AWS). */
export interface ConsumableQueue<T> extends Queue<T> {
  receive(max: number, visibilitySeconds: number): Promise<QueueMessage<T>[]>;
  delete(messageId: string): Promise<void>;
  /** Makes the message visible again after `delaySeconds` (for retry_after and backoff). */
  retryLater(messageId: string, delaySeconds: number): Promise<void>;
  /** Parks the message in the dead-letter queue with a reason. */
  deadLetter(messageId: string, reason: string): Promise<void>;
  depth(): Promise<{ ready: number; inFlight: number; dead: number }>;
  /** Parked messages with their reasons (for the status page). */
  deadLetters(): { id: string; body: T; reason: string }[];
}
