import { describe, expect, it } from 'vitest';
import { seedSubscribers } from '../../../shared/usecases/seed-subscribers.js';
import { aSubscriber } from '../../support/factories.js';
import { MemorySubscriberStore } from '../../support/memory-stores.js';

describe('seedSubscribers', () => {
  it('adds admin-defined subscribers that are missing and never overwrites what happened since', async () => {
    const unsubscribed = aSubscriber({ status: 'unsubscribed' });
    const store = new MemorySubscriberStore([unsubscribed]);
    const fresh = aSubscriber();
    expect(await seedSubscribers(store, [{ ...unsubscribed, status: 'active' }, fresh])).toEqual([fresh.id]);
    expect((await store.get(unsubscribed.id))?.status).toBe('unsubscribed');
    expect(await store.get(fresh.id)).toEqual(fresh);
    expect(await seedSubscribers(store, [fresh])).toEqual([]);
  });
});
