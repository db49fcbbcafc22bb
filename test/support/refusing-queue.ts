import { QueueSendError, type RejectedMessage } from '../../shared/ports/errors.js';
import { MemoryQueue } from './memory-stores.js';

export type Refusal = Omit<RejectedMessage, 'index'>;

/**
 * A MemoryQueue that refuses some bodies as SqsQueue does: the others are sent, then QueueSendError names the
 * refused ones. `failWith` makes the next sends fail whole (a network or throttling error), sending nothing.
 */
export class RefusingQueue<T> extends MemoryQueue<T> {
  failWith: Error | undefined;
  constructor(
    name: string,
    now: () => Date,
    private readonly refuse: (body: T) => Refusal | undefined,
  ) {
    super(name, now);
  }
  override async send(bodies: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    if (this.failWith) throw this.failWith;
    const rejected = bodies.flatMap((body, index) => {
      const refusal = this.refuse(body);
      return refusal ? [{ index, ...refusal }] : [];
    });
    const accepted = bodies.filter((_, index) => !rejected.some((r) => r.index === index));
    await super.send(accepted, options);
    if (rejected.length > 0) throw new QueueSendError(this.name, rejected, accepted.length);
  }
}
