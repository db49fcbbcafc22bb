import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoSubscriptionStores } from '../../../shared/adapters/dynamodb/subscription-stores.js';
import { startTestDynamo } from '../../support/dynamodb.js';
import { aSubscriber } from '../../support/factories.js';
import { ManualClock } from '../../support/manual-clock.js';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let stores: ReturnType<typeof dynamoSubscriptionStores>;
const clock = new ManualClock();

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(async () => {
  stores = dynamoSubscriptionStores(dynamo.doc, await dynamo.freshTable(), clock);
});

describe('DynamoSubscriberStore lookups', () => {
  it('finds every holder of an address, case-insensitively, and follows address changes', async () => {
    await stores.subscribers.put(aSubscriber({ id: 'analyst', email: 'Desk@Example.org' }));
    await stores.subscribers.put(aSubscriber({ id: 'web-1', email: 'desk@example.org', status: 'pending' }));
    await stores.subscribers.put(aSubscriber({ id: 'other', email: 'other@example.org' }));
    expect((await stores.subscribers.findByEmail('DESK@example.org')).map((s) => s.id)).toEqual(['analyst', 'web-1']);
    await stores.subscribers.put(aSubscriber({ id: 'web-1', email: 'new@example.org' }));
    expect((await stores.subscribers.findByEmail('desk@example.org')).map((s) => s.id)).toEqual(['analyst']);
    expect((await stores.subscribers.findByEmail('new@example.org')).map((s) => s.id)).toEqual(['web-1']);
    expect(await stores.subscribers.findByEmail('nobody@example.org')).toEqual([]);
  });

  it('finds subscribers by Telegram chat, and forgets a chat the record no longer has', async () => {
    await stores.subscribers.put(aSubscriber({ id: 'duty', email: undefined, telegramChatId: '-100123', channels: ['telegram'] }));
    expect((await stores.subscribers.findByTelegramChatId('-100123')).map((s) => s.id)).toEqual(['duty']);
    await stores.subscribers.put(aSubscriber({ id: 'duty', email: undefined, telegramChatId: '-100999', channels: ['telegram'] }));
    expect(await stores.subscribers.findByTelegramChatId('-100123')).toEqual([]);
  });

  it('claims an address for one self-service record: concurrent claims all read back the first id', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, (_, i) => stores.subscribers.claimWebId('Claim@Example.org', `web-${i}`)));
    expect(new Set(ids).size).toBe(1);
    expect(await stores.subscribers.claimWebId('claim@example.org', 'web-late')).toBe(ids[0]);
    expect(await stores.subscribers.claimWebId('other@example.org', 'web-other')).toBe('web-other');
    expect(await stores.subscribers.findByEmail('claim@example.org')).toEqual([]);
  });

  it('keeps fan-out copies in step with topic changes (unchanged behaviour)', async () => {
    await stores.subscribers.put(aSubscriber({ id: 's1', topics: ['csto', 'nagorno-karabakh'] }));
    await stores.subscribers.put(aSubscriber({ id: 's1', topics: ['nagorno-karabakh'], status: 'paused' }));
    expect(await stores.subscribers.listByTopic('csto')).toEqual([]);
    expect((await stores.subscribers.listByTopic('nagorno-karabakh')).map((s) => [s.id, s.status])).toEqual([['s1', 'paused']]);
  });
});

describe('DynamoSuppressionStore', () => {
  it('records an address once (conditional write), whatever its case', async () => {
    expect(await stores.suppressions.suppress({ email: 'Gone@Example.org', reason: 'bounce', at: '2026-11-20T10:00:00.000Z', detail: 'Permanent/General' })).toBe(true);
    expect(await stores.suppressions.suppress({ email: 'gone@example.org', reason: 'complaint', at: '2026-11-21T10:00:00.000Z' })).toBe(false);
    expect(await stores.suppressions.get('GONE@example.org')).toEqual({ email: 'gone@example.org', reason: 'bounce', at: '2026-11-20T10:00:00.000Z', detail: 'Permanent/General' });
    expect(await stores.suppressions.get('fine@example.org')).toBeUndefined();
  });

  it('lets exactly one of many concurrent duplicates record it', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => stores.suppressions.suppress({ email: 'dup@example.org', reason: 'complaint', at: 'x' })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('DynamoRateLimiter', () => {
  it('admits exactly `limit` of many concurrent requests in a window, then a new window starts afresh', async () => {
    const end = new Date('2026-11-20T11:00:00Z');
    const results = await Promise.all(Array.from({ length: 12 }, () => stores.rateLimiter.hit('subscribe:ip:abc:60m:1', 5, end)));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await stores.rateLimiter.hit('subscribe:ip:abc:60m:2', 5, new Date('2026-11-20T12:00:00Z'))).toBe(true);
  });
});

describe('DynamoOnceKeys', () => {
  it('claims a key once until it expires; a released key can be claimed again', async () => {
    const in1h = new Date(clock.now().getTime() + 3600_000);
    expect(await stores.onceKeys.claim('telegram-update:1', in1h)).toBe(true);
    expect(await stores.onceKeys.claim('telegram-update:1', in1h)).toBe(false);
    await stores.onceKeys.release('telegram-update:1');
    expect(await stores.onceKeys.claim('telegram-update:1', in1h)).toBe(true);
    clock.advance({ hours: 2 });
    expect(await stores.onceKeys.claim('telegram-update:1', new Date(clock.now().getTime() + 3600_000))).toBe(true);
  });
});
