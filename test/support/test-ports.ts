/**
 * A function's ports from parts a test chooses (memory stores, or real local parts: a local DynamoDB, aws-ses-v2-local,
 * the Telegram stand-in), so a test runs the definition's own `compose` and the handler's `makeHandler` on them.
 * Queues and secrets are refused as in Lambda when the topology entry lacks them.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Clock } from '../../shared/ports/clock.js';
import type { Queue } from '../../shared/ports/queue.js';
import type { AppConfig } from '../../shared/runtime/app-config.js';
import type { Capability, DepsOf, FunctionDefinition, Ports, TableStores, World } from '../../shared/runtime/ports.js';
import { entryOf, type FunctionName, type SecretName, sendsOf } from '../../shared/topology/functions.js';
import type { QueueName } from '../../shared/topology/queues.js';
import { ManualClock } from './manual-clock.js';
import { MemoryPushSubscriptions } from './memory-push-subscriptions.js';
import { MemorySenderHaltStore } from './memory-sender-halts.js';
import {
  MemoryArticleStore,
  MemoryDeliveryLedger,
  MemoryDigestStore,
  MemoryFeedStateStore,
  MemoryMatchStore,
  MemoryOnceKeys,
  MemoryRateLimiter,
  MemoryStoryAlerts,
  MemorySubscriberDirectory,
  MemorySuppressionStore,
  MemoryTopicActivity,
} from './memory-stores.js';

export interface TestParts<C extends Capability> {
  config: AppConfig;
  clock?: Clock;
  world: Pick<World, C>;
  queues?: Partial<Record<QueueName, Queue<unknown>>>;
  /** A secret missing here cannot be read (as when Parameter Store is down). */
  secrets?: Partial<Record<SecretName, string>>;
  logger?: Logger;
  metrics?: Metrics;
}

export const silentLogger = () => new Logger({ serviceName: 'test', logLevel: 'SILENT' });

export function testPorts<F extends FunctionName, C extends Capability, D>(definition: FunctionDefinition<F, C, D>, parts: TestParts<C>): Ports<F, C> {
  const { name } = definition;
  const ports = {
    name,
    config: parts.config,
    clock: parts.clock ?? new ManualClock(),
    logger: parts.logger ?? silentLogger(),
    metrics: parts.metrics ?? new Metrics({ namespace: 'newshound-test', serviceName: name }),
    ...parts.world,
    queue(queue: QueueName) {
      if (!sendsOf(name).includes(queue)) throw new Error(`${name} may not send to the ${queue} queue`);
      const found = parts.queues?.[queue];
      if (!found) throw new Error(`the test gave ${name} no ${queue} queue`);
      return found;
    },
    async secret(secret: SecretName) {
      if (!(entryOf(name).secrets ?? []).includes(secret)) throw new Error(`${name} may not read the ${secret} secret`);
      const value = parts.secrets?.[secret];
      if (value === undefined) throw new Error(`secret ${secret} could not be read`);
      return value;
    },
  };
  return ports as unknown as Ports<F, C>;
}

/** The handler dependencies the definition composes from the parts. */
export async function composeWith<F extends FunctionName, C extends Capability, D>(definition: FunctionDefinition<F, C, D>, parts: TestParts<C>): Promise<DepsOf<typeof definition>> {
  return (await definition.compose(testPorts(definition, parts))) as DepsOf<typeof definition>;
}

/** Every store of the table, in memory, on one clock. */
export function memoryTable(clock: Clock = new ManualClock()): TableStores {
  return {
    articles: new MemoryArticleStore(),
    matches: new MemoryMatchStore(),
    feedStates: new MemoryFeedStateStore(),
    subscribers: new MemorySubscriberDirectory(),
    ledger: new MemoryDeliveryLedger(),
    digests: new MemoryDigestStore(),
    activity: new MemoryTopicActivity(),
    storyAlerts: new MemoryStoryAlerts(),
    suppressions: new MemorySuppressionStore(),
    rateLimiter: new MemoryRateLimiter(),
    onceKeys: new MemoryOnceKeys(clock.now),
    senderHalts: new MemorySenderHaltStore(),
    pushSubscriptions: new MemoryPushSubscriptions(),
  };
}
