/**
 * The functions the cost scenario runs, each as its functions/<name>/handler.ts builds it: the same definition,
 * the same makeHandler, wrapped the same way (queueConsumer or lambdaHandler, metrics flushed or not).
 */
import { makeHandler as dispatchPolls } from '../../functions/dispatch-polls/handler.js';
import { makeHandler as fanOut } from '../../functions/fan-out/handler.js';
import { makeHandler as pollFeed } from '../../functions/poll-feed/handler.js';
import { makeHandler as publishFeeds } from '../../functions/publish-feeds/handler.js';
import { makeHandler as sendDigests } from '../../functions/send-digests/handler.js';
import { makeHandler as sendEmail } from '../../functions/send-email/handler.js';
import { makeHandler as sendTelegram } from '../../functions/send-telegram/handler.js';
import { makeHandler as sendWebhook } from '../../functions/send-webhook/handler.js';
import { makeHandler as sweepOutbox } from '../../functions/sweep-outbox/handler.js';
import { makeHandler as websubSubscribe } from '../../functions/websub-subscribe/handler.js';
import type { DeliveryRequested, PollRequested } from '../../shared/domain/messages.js';
import { dispatchPollsDefinition } from '../../shared/runtime/composition/dispatch-polls.js';
import { fanOutDefinition } from '../../shared/runtime/composition/fan-out.js';
import { pollFeedDefinition } from '../../shared/runtime/composition/poll-feed.js';
import { publishFeedsDefinition } from '../../shared/runtime/composition/publish-feeds.js';
import { sendDigestsDefinition } from '../../shared/runtime/composition/send-digests.js';
import { sendEmailDefinition } from '../../shared/runtime/composition/send-email.js';
import { sendTelegramDefinition } from '../../shared/runtime/composition/send-telegram.js';
import { sendWebhookDefinition } from '../../shared/runtime/composition/send-webhook.js';
import { sweepOutboxDefinition } from '../../shared/runtime/composition/sweep-outbox.js';
import { websubSubscribeDefinition } from '../../shared/runtime/composition/websub-subscribe.js';
import type { FunctionName } from '../../shared/topology/functions.js';
import type { BenchWorld } from './bench-ports.js';
import { type ContainerOptions, lambdaContainer, queueConsumerContainer, type SimContainer } from './sim-containers.js';

export interface Observers {
  poll?: ContainerOptions<PollRequested>['observe'];
  delivery?: ContainerOptions<DeliveryRequested>['observe'];
}

/** The HTTP API's and SES events' functions are not exercised (the cost model assumes their traffic). */
export type BenchFunctionName = Exclude<FunctionName, 'subscriptions' | 'telegram-webhook' | 'ses-events' | 'websub-callback'>;

/** A new container of each function. */
export function benchFunctions(world: BenchWorld, observe: Observers = {}): Record<BenchFunctionName, () => SimContainer> {
  const delivery = observe.delivery ? { observe: observe.delivery } : {};
  return {
    'dispatch-polls': () => lambdaContainer(dispatchPollsDefinition, dispatchPolls, world, { metrics: true }),
    'poll-feed': () => queueConsumerContainer(pollFeedDefinition, pollFeed, world, { metrics: true, ...(observe.poll ? { observe: observe.poll } : {}) }),
    'fan-out': () => queueConsumerContainer(fanOutDefinition, fanOut, world),
    'send-email': () => queueConsumerContainer(sendEmailDefinition, sendEmail, world, { metrics: true, ...delivery }),
    'send-telegram': () => queueConsumerContainer(sendTelegramDefinition, sendTelegram, world, { metrics: true, ...delivery }),
    'send-webhook': () => queueConsumerContainer(sendWebhookDefinition, sendWebhook, world, { metrics: true, ...delivery }),
    'publish-feeds': () => lambdaContainer(publishFeedsDefinition, publishFeeds, world),
    'send-digests': () => lambdaContainer(sendDigestsDefinition, sendDigests, world),
    'sweep-outbox': () => lambdaContainer(sweepOutboxDefinition, sweepOutbox, world),
    // Its schedule runs; the scenario's feeds announce no hub, so each run reads the feed states and subscriptions.
    'websub-subscribe': () => lambdaContainer(websubSubscribeDefinition, websubSubscribe, world),
  };
}
