import type { Subscriber } from '../domain/subscriber.js';
import type { SubscriberStore } from '../ports/stores.js';

/**
 * Admin-defined subscribers (infra config) are added to the store when absent, never overwritten:
 * an unsubscribe, a pause or a bounce suppression recorded since must survive the next deploy.
 * Returns the ids it added.
 */
export async function seedSubscribers(store: SubscriberStore, subscribers: readonly Subscriber[]): Promise<string[]> {
  const added: string[] = [];
  for (const subscriber of subscribers) {
    if (await store.get(subscriber.id)) continue;
    await store.put(subscriber);
    added.push(subscriber.id);
  }
  return added;
}
