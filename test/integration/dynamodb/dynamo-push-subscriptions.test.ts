import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoPushSubscriptions } from '../../../shared/adapters/dynamodb/dynamo-push-subscriptions.js';
import type { PushSubscription } from '../../../shared/domain/websub/subscription.js';
import { startTestDynamo } from '../../support/dynamodb.js';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let store: DynamoPushSubscriptions;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(async () => {
  store = new DynamoPushSubscriptions(dynamo.doc, await dynamo.freshTable());
});

const sub = (feedId: string, extra: Partial<PushSubscription> = {}): PushSubscription => ({ feedId, hub: 'https://hub.example/', topic: `https://${feedId}.example/feed`, mode: 'subscribe', status: 'requested', requestedAt: '2026-11-20T10:00:00.000Z', attempts: 0, ...extra });

describe('DynamoPushSubscriptions', () => {
  it('puts, gets and lists every subscription with one query, and deletes', async () => {
    await store.put(sub('a'));
    await store.put(sub('b', { lastError: undefined }));
    expect(await store.get('a')).toEqual(sub('a'));
    expect((await store.list()).map((s) => s.feedId).sort()).toEqual(['a', 'b']);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect((await store.list()).map((s) => s.feedId)).toEqual(['b']);
  });

  it('updates the fields given, removes the ones given as undefined, and refuses a subscription that does not exist', async () => {
    await store.put(sub('a', { lastError: 'hub answered HTTP 500', retryAt: '2026-11-20T11:00:00.000Z' }));
    expect(await store.update('a', { status: 'verified', leaseExpiresAt: '2026-11-30T10:00:00.000Z', lastError: undefined, retryAt: undefined })).toBe(true);
    expect(await store.get('a')).toEqual({ ...sub('a'), status: 'verified', leaseExpiresAt: '2026-11-30T10:00:00.000Z' });
    expect(await store.update('ghost', { refused: 1 })).toBe(false);
    expect(await store.get('ghost')).toBeUndefined();
  });
});
