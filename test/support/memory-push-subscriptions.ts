import type { PushSubscription } from '../../shared/domain/websub/subscription.js';
import type { PushSubscriptionStore } from '../../shared/ports/stores.js';

export class MemoryPushSubscriptions implements PushSubscriptionStore {
  readonly items = new Map<string, PushSubscription>();

  async get(feedId: string): Promise<PushSubscription | undefined> {
    const item = this.items.get(feedId);
    return item ? structuredClone(item) : undefined;
  }

  async list(): Promise<PushSubscription[]> {
    return [...this.items.values()].map((s) => structuredClone(s));
  }

  async put(subscription: PushSubscription): Promise<void> {
    this.items.set(subscription.feedId, Object.fromEntries(Object.entries(structuredClone(subscription)).filter(([, v]) => v !== undefined)) as unknown as PushSubscription);
  }

  async update(feedId: string, changes: Partial<Omit<PushSubscription, 'feedId'>>): Promise<boolean> {
    const item = this.items.get(feedId);
    if (!item) return false;
    await this.put({ ...item, ...changes });
    return true;
  }

  async delete(feedId: string): Promise<void> {
    this.items.delete(feedId);
  }
}
