import { websubSubscribeDefinition } from '../../shared/runtime/composition/websub-subscribe.js';
import { lambdaHandler } from '../../shared/runtime/lambda-handler.js';
import type { DepsOf } from '../../shared/runtime/ports.js';
import { manageSubscriptions } from '../../shared/usecases/websub/manage-subscriptions.js';

/** Scheduled: subscribe to the hubs feeds announce, renew leases before they lapse, unsubscribe feeds that left. */
export const makeHandler = (deps: DepsOf<typeof websubSubscribeDefinition>) => async () => {
  const managed = await manageSubscriptions(deps);
  for (const m of managed) deps.logger.info('websub subscription', { ...m });
  return { managed: managed.length, subscribed: managed.filter((m) => m.action === 'subscribe').length, unsubscribed: managed.filter((m) => m.action === 'unsubscribe').length };
};

export const handler = lambdaHandler(websubSubscribeDefinition, makeHandler);
