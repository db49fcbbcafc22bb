import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { subscriptionConfig, type SubscriptionDeps } from '../../usecases/subscriptions/deps.js';
import { defineFunction } from '../ports.js';
import { dynamodbTable } from '../platform/dynamodb-table.js';
import { ssmParameterSecrets } from '../platform/ssm-parameters.js';
import { sesMailer } from '../platform/ses-mailer.js';
import { sesSendingAccount } from '../platform/ses-sending-account.js';

export const subscriptionsDefinition = defineFunction({
  name: 'subscriptions',
  aws: { factories: { table: dynamodbTable, mailer: sesMailer, sendingAccount: sesSendingAccount }, secrets: ssmParameterSecrets },
  compose: async (p): Promise<SubscriptionDeps> => ({
    subscribers: p.table.subscribers,
    suppressions: p.table.suppressions,
    rateLimiter: p.table.rateLimiter,
    // The configuration set routes bounces of confirmation emails to ses-events too.
    mailer: p.mailer,
    sendingAccount: p.sendingAccount,
    clock: p.clock,
    sleep: async (ms) => {
      await sleep(ms);
    },
    randomId: () => randomBytes(16).toString('hex'),
    config: subscriptionConfig(p.config, await p.secret('signingKey')),
    recent: { matches: p.table.matches, articles: p.table.articles },
    log: (event, detail) => p.logger.info(event, detail),
  }),
});
