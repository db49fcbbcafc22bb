import { DEFAULT_WEBSUB_TIMING } from '../../domain/websub/subscription.js';
import { entryOf } from '../../topology/functions.js';
import type { ManageSubscriptionsDeps } from '../../usecases/websub/manage-subscriptions.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { guardedHubClient } from '../platform/guarded-hub-client.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';

/** The callback route (websub-callback's one path). */
export function websubCallbackPath(): string {
  const http = entryOf('websub-callback').triggers.find((t) => t.kind === 'http');
  return http?.kind === 'http' ? http.routes[0]!.path : '/websub';
}

export const websubSubscribeDefinition = defineFunction({
  name: 'websub-subscribe',
  aws: { factories: { table: dynamodbTable, hubClient: guardedHubClient }, secrets: ssmParameterSecrets },
  compose: (p): ManageSubscriptionsDeps & Pick<typeof p, 'logger'> => {
    const schedule = entryOf('websub-subscribe').triggers.find((t) => t.kind === 'schedule');
    return {
      feeds: p.config.feeds,
      feedStates: p.table.feedStates,
      subscriptions: p.table.pushSubscriptions,
      hub: p.hubClient,
      clock: p.clock,
      masterKey: () => p.secret('websubKey'),
      config: {
        enabled: p.config.websub.enabled,
        publicBaseUrl: p.config.publicBaseUrl,
        callbackPath: websubCallbackPath(),
        allowPlainHttpHubs: p.config.allowLoopback,
        timing: { ...DEFAULT_WEBSUB_TIMING, leaseSeconds: p.config.websub.leaseSeconds, managerIntervalSeconds: (schedule?.kind === 'schedule' ? schedule.rateMinutes : 15) * 60 },
      },
      logger: p.logger,
    };
  },
});
