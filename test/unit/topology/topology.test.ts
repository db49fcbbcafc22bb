import { readdirSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FunctionDefinition, Ports } from '../../../shared/runtime/ports.js';
import { environmentNames, visibilityTimeoutSeconds } from '../../../shared/topology/environment.js';
import { consumerOf, deployTriggersOf, entryOf, FUNCTION_NAMES, type FunctionName, queueTriggerOf, type SecretsOf, type SendsOf, sendsOf } from '../../../shared/topology/functions.js';
import { KEY_PREFIXES, leadingKeyPattern } from '../../../shared/topology/table-keys.js';
import { QUEUE_NAMES } from '../../../shared/topology/queues.js';

type AnyDefinition = FunctionDefinition<FunctionName, never, unknown> & { aws: { factories: Record<string, unknown> } };

const compositionDir = new URL('../../../shared/runtime/composition/', import.meta.url);

/** Every function definition exported from shared/runtime/composition/*, with the file it came from. */
async function compositionDefinitions(): Promise<{ file: string; definition: AnyDefinition }[]> {
  const found = [];
  for (const file of readdirSync(compositionDir).filter((f) => f.endsWith('.ts')).sort()) {
    const module = (await import(new URL(file, compositionDir).href)) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (value && typeof value === 'object' && 'aws' in value && 'compose' in value) found.push({ file, definition: value as AnyDefinition });
    }
  }
  return found;
}

const definitions = await compositionDefinitions();
const definitionOf = (name: FunctionName) => definitions.find((d) => d.definition.name === name)!.definition;

describe('compositions follow the topology', () => {
  it('defines every topology function exactly once, each in the file named after it', () => {
    expect(definitions.map((d) => d.definition.name).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const { file, definition } of definitions) expect(file).toBe(`${definition.name}.ts`);
  });

  it.each(FUNCTION_NAMES)('%s builds exactly the capabilities its entry grants', (name) => {
    const entry = entryOf(name);
    const { aws } = definitionOf(name);
    const factories = Object.keys(aws.factories);
    expect({
      table: factories.includes('table'),
      mailer: factories.includes('mailer'),
      feedsBucket: factories.includes('feedsBucket'),
      inbox: factories.includes('inbox'),
      eventSource: factories.includes('eventSource'),
      adminNotifier: factories.includes('adminNotifier'),
      failingFeedsReports: factories.includes('failingFeedsReports'),
      partnerAccess: factories.includes('partnerAccess'),
      queues: aws.queues !== undefined,
      secrets: aws.secrets !== undefined,
    }).toEqual({
      table: entry.table !== undefined,
      mailer: entry.sendsEmail === true,
      feedsBucket: entry.feedsBucket !== undefined,
      inbox: entry.inboxBucket !== undefined,
      eventSource: entry.haltable === true,
      adminNotifier: entry.notifiesAdmins === true,
      failingFeedsReports: entry.notifiesAdmins === true && (entry.table?.readWrite ?? []).includes('ALARMS'),
      partnerAccess: entry.partnerAccessStore !== undefined && (entry.table?.readWrite ?? []).includes('PARTNERS'),
      queues: sendsOf(name).length > 0,
      secrets: (entry.secrets ?? []).length > 0,
    });
  });
});

describe('queues', () => {
  it.each(QUEUE_NAMES)('the %s queue has exactly one consumer', (queue) => {
    const consumers = FUNCTION_NAMES.filter((name) => queueTriggerOf(name)?.queue === queue);
    expect(consumers).toHaveLength(1);
    expect(consumerOf(queue).name).toBe(consumers[0]);
  });

  it('every function may re-queue to its own queue besides what it hands on', () => {
    expect(Object.fromEntries(FUNCTION_NAMES.map((name) => [name, sendsOf(name).sort()]))).toEqual({
      'dispatch-polls': ['poll'],
      'poll-feed': ['fan-out', 'poll'],
      'fan-out': ['email', 'fan-out', 'publish', 'telegram', 'webhook'],
      'send-email': ['email'],
      'send-telegram': ['telegram'],
      'send-webhook': ['webhook'],
      'publish-feeds': ['publish'],
      'send-digests': ['email', 'telegram', 'webhook'],
      subscriptions: [],
      'telegram-webhook': [],
      'ses-events': [],
      'sweep-outbox': ['fan-out'],
      'websub-callback': ['poll'],
      'websub-subscribe': [],
    });
  });

  it.each([
    ['poll', 6 * 60],
    ['fan-out', 6 * 60],
    ['email', 6 * 30],
    ['telegram', 6 * 30],
    ['webhook', 6 * 30],
    // publish-feeds gathers a burst for 20 s before it runs.
    ['publish', 6 * 60 + 20],
  ] as const)('the %s queue hides a received message for %i s (6x its consumer timeout plus the batching window)', (queue, seconds) => {
    expect(visibilityTimeoutSeconds(queue)).toBe(seconds);
  });
});

describe('table access', () => {
  it('names, per function, the item types it reads and writes and the indexes it queries', () => {
    const subscriberRecord = ['SUB#', 'TOPICSUBS#', 'EMAIL#', 'TGCHAT#'];
    const sender = { read: ['ART#', 'STORY#'], readWrite: ['DLV#', 'DIGEST#', ...subscriberRecord] };
    expect(Object.fromEntries(FUNCTION_NAMES.map((name) => [name, entryOf(name).table]))).toEqual({
      'dispatch-polls': { read: ['FEED#', 'PUSHSUBS'], readWrite: [...subscriberRecord, 'ALARMS'] },
      'poll-feed': { readWrite: ['FEED#', 'ART#', 'TOPIC#', 'STORY#', 'STORYKEY#'] },
      'fan-out': { read: ['TOPICSUBS#'], readWrite: ['ACTIVITY#', 'STORYALERT#'] },
      'send-email': { ...sender, readWrite: [...sender.readWrite, 'HALTS'] },
      'send-telegram': { ...sender, readWrite: [...sender.readWrite, 'HALTS'] },
      'send-webhook': sender,
      'publish-feeds': { read: ['ART#', 'STORY#'], readWrite: ['PARTNERS'], indexes: ['gsi1', 'gsi2'] },
      'send-digests': { readWrite: ['DIGEST#'], indexes: ['gsi1'] },
      subscriptions: { read: ['SUPPRESS#', 'TOPIC#', 'ART#'], readWrite: [...subscriberRecord, 'WEBSUB#', 'RATE#'], indexes: ['gsi1'] },
      'telegram-webhook': { readWrite: [...subscriberRecord, 'ONCE#'] },
      'ses-events': { readWrite: [...subscriberRecord, 'SUPPRESS#'] },
      'sweep-outbox': { readWrite: ['TOPIC#'], indexes: ['gsi2'] },
      'websub-callback': { readWrite: ['PUSHSUBS'] },
      'websub-subscribe': { read: ['FEED#'], readWrite: ['PUSHSUBS'] },
    });
  });

  it('uses prefixes no other prefix starts with, so a pattern never reaches another item type', () => {
    const prefixes = Object.values(KEY_PREFIXES);
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(b.startsWith(a), `${b} starts with ${a}`).toBe(false);
    expect(prefixes.map(leadingKeyPattern)).toContain('HALTS');
    expect(leadingKeyPattern('ART#')).toBe('ART#*');
  });
});

describe('HTTP routes', () => {
  const routes = FUNCTION_NAMES.flatMap((name) => entryOf(name).triggers.flatMap((t) => (t.kind === 'http' ? t.routes : [])));

  it('gives every route its own throttle, one-click unsubscribe and the Telegram webhook the most', () => {
    for (const route of routes) expect(route.throttle.burst, `${route.method} ${route.path}`).toBeGreaterThanOrEqual(route.throttle.rate);
    const rate = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)!.throttle.rate;
    const top = Math.max(...routes.map((r) => r.throttle.rate));
    expect([rate('POST', '/unsubscribe'), rate('POST', '/telegram/webhook')]).toEqual([top, top]);
    expect(rate('POST', '/subscribe')).toBeLessThan(rate('GET', '/subscribe'));
  });
});

describe('deploy triggers', () => {
  it('has publish-feeds republish everything on deploy, and nothing else runs on deploy', () => {
    expect(FUNCTION_NAMES.filter((name) => deployTriggersOf(name).length > 0)).toEqual(['publish-feeds']);
    expect(deployTriggersOf('publish-feeds')).toEqual([expect.objectContaining({ kind: 'deploy', id: 'RepublishFeeds', input: { republish: 'all' } })]);
  });
});

describe('environmentNames', () => {
  const deployTime = ['CONFIG_HASH', 'EMAIL_FROM', 'PUBLIC_BASE_URL', 'STAGE'];
  it.each<[FunctionName, string[]]>([
    ['dispatch-polls', ['ALARM_TOPIC_ARN', 'POLL_QUEUE_URL', 'TABLE_NAME']],
    ['poll-feed', ['FAN_OUT_QUEUE_URL', 'INBOX_BUCKET', 'POLL_DLQ_URL', 'POLL_QUEUE_URL', 'TABLE_NAME']],
    ['fan-out', ['EMAIL_QUEUE_URL', 'FAN_OUT_DLQ_URL', 'FAN_OUT_QUEUE_URL', 'PUBLISH_QUEUE_URL', 'TABLE_NAME', 'TELEGRAM_QUEUE_URL', 'WEBHOOK_QUEUE_URL']],
    ['send-email', ['EMAIL_DLQ_URL', 'EMAIL_QUEUE_URL', 'SES_CONFIGURATION_SET', 'SIGNING_KEY_PARAMETER', 'TABLE_NAME']],
    ['send-telegram', ['SIGNING_KEY_PARAMETER', 'TABLE_NAME', 'TELEGRAM_BOT_TOKEN_PARAMETER', 'TELEGRAM_DLQ_URL', 'TELEGRAM_QUEUE_URL']],
    ['send-webhook', ['TABLE_NAME', 'WEBHOOK_DLQ_URL', 'WEBHOOK_KEYS_PARAMETER', 'WEBHOOK_QUEUE_URL']],
    ['publish-feeds', ['FEEDS_BASE_URL', 'FEEDS_BUCKET', 'PARTNER_ACCESS_STORE_ARN', 'PARTNER_TOKENS_PARAMETER', 'PUBLISH_DLQ_URL', 'PUBLISH_QUEUE_URL', 'TABLE_NAME']],
    ['send-digests', ['EMAIL_QUEUE_URL', 'TABLE_NAME', 'TELEGRAM_QUEUE_URL', 'WEBHOOK_QUEUE_URL']],
    ['subscriptions', ['SES_CONFIGURATION_SET', 'SIGNING_KEY_PARAMETER', 'TABLE_NAME']],
    ['telegram-webhook', ['TABLE_NAME', 'TELEGRAM_BOT_TOKEN_PARAMETER']],
    ['ses-events', ['TABLE_NAME']],
    ['sweep-outbox', ['FAN_OUT_QUEUE_URL', 'TABLE_NAME']],
    ['websub-callback', ['INBOX_BUCKET', 'POLL_QUEUE_URL', 'TABLE_NAME', 'WEBSUB_KEY_PARAMETER']],
    ['websub-subscribe', ['TABLE_NAME', 'WEBSUB_KEY_PARAMETER']],
  ])('%s gets the deploy-time values and %j', (name, own) => {
    expect(environmentNames(name)).toEqual([...deployTime, ...own].sort());
  });

  it('names a function every variable once, sorted', () => {
    for (const name of FUNCTION_NAMES) {
      const names = environmentNames(name);
      expect(new Set(names).size, name).toBe(names.length);
      expect(names, name).toEqual([...names].sort());
    }
  });
});

describe('ports are typed by the topology', () => {
  it('offer a function only the queues it may send to', () => {
    expectTypeOf<Parameters<Ports<'poll-feed'>['queue']>[0]>().toEqualTypeOf<'fan-out' | 'poll'>();
    expectTypeOf<SendsOf<'send-email'>>().toEqualTypeOf<'email'>();
    // A function without a queue trigger gets its `sends` only, not every queue.
    expectTypeOf<SendsOf<'dispatch-polls'>>().toEqualTypeOf<'poll'>();
    expectTypeOf<SendsOf<'subscriptions'>>().toBeNever();
    const pollFeedSendsTo = (ports: Ports<'poll-feed'>) => {
      ports.queue('fan-out');
      // @ts-expect-error poll-feed may not send to the email queue
      ports.queue('email');
    };
    const dispatchSendsTo = (ports: Ports<'dispatch-polls'>) => {
      ports.queue('poll');
      // @ts-expect-error dispatch-polls may not send to the telegram queue
      ports.queue('telegram');
    };
    expect([pollFeedSendsTo, dispatchSendsTo]).toHaveLength(2);
  });

  it('offer a function only the secrets it may read', () => {
    expectTypeOf<Parameters<Ports<'send-email'>['secret']>[0]>().toEqualTypeOf<'signingKey'>();
    expectTypeOf<SecretsOf<'telegram-webhook'>>().toEqualTypeOf<'telegramBotToken'>();
    expectTypeOf<SecretsOf<'fan-out'>>().toBeNever();
    expectTypeOf<SecretsOf<'publish-feeds'>>().toEqualTypeOf<'partnerTokens'>();
    expectTypeOf<SecretsOf<'send-webhook'>>().toEqualTypeOf<'webhookKeys'>();
    const sendEmailReads = (ports: Ports<'send-email'>) => {
      void ports.secret('signingKey');
      // @ts-expect-error send-email may not read the Telegram bot token
      void ports.secret('telegramBotToken');
    };
    expect(sendEmailReads).toBeTypeOf('function');
  });
});
