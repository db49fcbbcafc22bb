import type { ArticleMatchesHandedOn } from '../domain/messages.js';
import { QueueSendError, type RejectedMessage } from '../ports/errors.js';
import type { Queue } from '../ports/queue.js';
import type { MatchStore } from '../ports/stores.js';

export interface HandOnDeps {
  matches: MatchStore;
  fanOut: Queue<ArticleMatchesHandedOn>;
}

export interface MatchRef {
  articleId: string;
  topicId: string;
}

export interface HandOnOutcome {
  handedOn: MatchRef[];
  /** Refused for good: out of the outbox, with the queue's reason. */
  parked: MatchRef[];
  /** Refused for the queue's own trouble: still pending, for the sweep. */
  pending: MatchRef[];
}

/** Keeps the match item small whatever a queue says. */
const MAX_REASON_CHARS = 500;

const parkReason = (r: RejectedMessage) => `${r.code}: ${r.reason}`.slice(0, MAX_REASON_CHARS);

/**
 * Sends the messages to the fan-out queue, then settles each match: handed on when its message went; parked with
 * the reason when the queue refused the message itself (it would refuse it again, and the sweep would retry it
 * forever, ahead of everything behind it); left pending when the queue had trouble of its own (the sweep retries).
 * When the whole send fails, the error propagates and every match stays pending.
 */
export async function handOnMatches(deps: HandOnDeps, messages: ArticleMatchesHandedOn[], now: Date): Promise<HandOnOutcome> {
  const refused = new Map<number, RejectedMessage>();
  try {
    await deps.fanOut.send(messages);
  } catch (error) {
    if (!(error instanceof QueueSendError)) throw error;
    for (const r of error.rejected) refused.set(r.index, r);
  }
  const outcome: HandOnOutcome = { handedOn: [], parked: [], pending: [] };
  for (const [index, message] of messages.entries()) {
    const rejection = refused.get(index);
    for (const { topicId } of message.matches) {
      const ref = { articleId: message.articleId, topicId };
      if (!rejection) {
        await deps.matches.markHandedOn(ref);
        outcome.handedOn.push(ref);
      } else if (rejection.senderFault) {
        await deps.matches.markParked(ref, parkReason(rejection), now);
        outcome.parked.push(ref);
      } else {
        outcome.pending.push(ref);
      }
    }
  }
  return outcome;
}
