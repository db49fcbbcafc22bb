/** What a failed send comes to: retry with backoff (or Telegram's flood wait), park, halt the queue, or switch the channel off. */
import type { Channel, Subscriber } from '../../domain/subscriber.js';
import { decideRetry } from '../../domain/delivery/retry-policy.js';
import { DeliveryError } from '../../ports/errors.js';
import type { ConsumerOutcome } from '../consumer-outcome.js';
import { done, errorText, retryOrPark, type Run } from './run.js';

export async function failureOutcome(run: Run, sub: Subscriber, channel: Channel, err: unknown): Promise<ConsumerOutcome> {
  if (!(err instanceof DeliveryError)) return retryOrPark(run, `${channel} send failed: ${errorText(err)}`);
  const action = err.action;
  if (action.kind === 'retry') {
    if (channel === 'telegram' && action.delaySeconds > 0 && run.deps.pacer && sub.telegramChatId) {
      // Telegram named a flood wait: nobody on this chat, nor the bot, sends before it ends.
      const until = new Date(run.now.getTime() + action.delaySeconds * 1000);
      await run.deps.pacer.holdOff(`telegram:chat:${sub.telegramChatId}`, until);
      await run.deps.pacer.holdOff('telegram:bot', until);
    }
    return decideRetry(action, `${err.provider}: ${err.message}`, run.attempt, run.policy);
  }
  if (action.kind === 'park') return { kind: 'park', reason: `${err.provider}: ${action.reason}` };
  if (action.kind === 'halt') return { kind: 'halt', reason: `${err.provider}: ${action.reason}` };
  const fresh = (await run.deps.subscribers.get(sub.id)) ?? sub;
  fresh.disabledChannels = { ...fresh.disabledChannels, [channel]: { reason: action.reason, at: run.now.toISOString() } };
  await run.deps.subscribers.put(fresh);
  return done('channel-disabled');
}
