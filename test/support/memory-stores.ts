/**
 * In-memory test doubles of the store and queue ports, for unit tests of use cases.
 * Adapters themselves are tested against dynalite and DynamoDB Local; these exist so a use-case test needs no server.
 */
import { createHash } from 'node:crypto';
import type { Article } from '../../shared/domain/article.js';
import type { FeedState } from '../../shared/domain/feed-source.js';
import { withLastPoll } from '../../shared/domain/polling/last-poll.js';
import type { Subscriber } from '../../shared/domain/subscriber.js';
import type { ArticleMatched } from '../../shared/domain/topic.js';
import type { DigestBatchRef, DigestEntry, DigestStore, StoryAlerts, TopicActivity } from '../../shared/ports/delivery-state.js';
import type { ConsumableQueue, QueueMessage } from '../../shared/ports/queue.js';
import type { FeedPublisher } from '../../shared/ports/senders.js';
import type { ArticleStore, DeliveryKey, DeliveryLedger, FeedStateStore, MatchStore, ParkedMatch, SubscriberStore } from '../../shared/ports/stores.js';
import type { OnceKeys, RateLimiter, SubscriberLookup, SuppressionEntry, SuppressionStore } from '../../shared/ports/stores.js';

export class MemoryArticleStore implements ArticleStore {
  readonly items = new Map<string, Article>();
  async putIfAbsent(article: Article): Promise<boolean> {
    if (this.items.has(article.id)) return false;
    this.items.set(article.id, structuredClone(article));
    return true;
  }
  async get(id: string): Promise<Article | undefined> {
    return this.items.get(id);
  }
  async *scan(pageSize = 100): AsyncIterable<Article[]> {
    const all = [...this.items.values()];
    for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize);
  }
}

export class MemoryFeedStateStore implements FeedStateStore {
  /** Stored states, as the last `put` wrote them (read them through `get`, which adds the last poll). */
  readonly items = new Map<string, FeedState>();
  /** The last poll each lease recorded. */
  readonly lastPoll = new Map<string, { poll: number; polledAt: string }>();
  readonly leases = new Map<string, { holder: string; until: Date }>();
  readonly recentIds = new Map<string, string[]>();
  async get(feedId: string): Promise<FeedState | undefined> {
    const state = this.items.get(feedId);
    return state && withLastPoll(structuredClone(state), this.lastPoll.get(feedId) ?? {});
  }
  async getMany(feedIds: string[]): Promise<FeedState[]> {
    const states = await Promise.all([...new Set(feedIds)].map((id) => this.get(id)));
    return states.filter((s): s is FeedState => s !== undefined);
  }
  async put(state: FeedState): Promise<void> {
    this.items.set(state.feedId, structuredClone(state));
  }
  async acquireLease(feedId: string, holder: string, now: Date, until: Date, options: { takeOverIfStartedBefore?: Date } = {}): Promise<false | { poll: number; state: FeedState | undefined }> {
    const lease = this.leases.get(feedId);
    const started = this.lastPoll.get(feedId)?.polledAt;
    const finished = options.takeOverIfStartedBefore !== undefined && started !== undefined && new Date(started) < options.takeOverIfStartedBefore;
    if (lease && lease.until >= now && lease.holder !== holder && !finished) return false;
    this.leases.set(feedId, { holder, until });
    const poll = (this.lastPoll.get(feedId)?.poll ?? 0) + 1;
    this.lastPoll.set(feedId, { poll, polledAt: now.toISOString() });
    return { poll, state: await this.get(feedId) };
  }
  async releaseLease(feedId: string, holder: string): Promise<void> {
    if (this.leases.get(feedId)?.holder === holder) this.leases.delete(feedId);
  }
  async getRecentIds(feedId: string): Promise<string[]> {
    return [...(this.recentIds.get(feedId) ?? [])];
  }
  async putRecentIds(feedId: string, ids: string[]): Promise<void> {
    this.recentIds.set(feedId, [...ids]);
  }
}

const matchKey = (m: Pick<ArticleMatched, 'articleId' | 'topicId'>) => `${m.topicId}#${m.articleId}`;

type StoredMatch = ArticleMatched & { status: 'pending' | 'handed-on' | 'parked'; parkedReason?: string; parkedAt?: string };
const asMatch = ({ status: _status, parkedReason: _reason, parkedAt: _at, ...m }: StoredMatch): ArticleMatched => m;
const newestFirst = (a: StoredMatch, b: StoredMatch) => (a.matchedAt < b.matchedAt ? 1 : a.matchedAt > b.matchedAt ? -1 : matchKey(a) < matchKey(b) ? 1 : -1);

export class MemoryMatchStore implements MatchStore {
  readonly items = new Map<string, StoredMatch>();
  async putPending(match: ArticleMatched): Promise<boolean> {
    if (this.items.has(matchKey(match))) return false;
    this.items.set(matchKey(match), { ...structuredClone(match), status: 'pending' });
    return true;
  }
  async markHandedOn(match: Pick<ArticleMatched, 'articleId' | 'topicId'>): Promise<void> {
    const item = this.items.get(matchKey(match));
    if (item) item.status = 'handed-on';
  }
  async listPending(olderThan: Date, limit = 100): Promise<ArticleMatched[]> {
    return [...this.items.values()]
      .filter((m) => m.status === 'pending' && new Date(m.matchedAt) < olderThan)
      .slice(0, limit)
      .map(asMatch);
  }
  async markParked(match: Pick<ArticleMatched, 'articleId' | 'topicId'>, reason: string, at: Date): Promise<void> {
    const item = this.items.get(matchKey(match));
    if (item?.status === 'pending') Object.assign(item, { status: 'parked', parkedReason: reason, parkedAt: at.toISOString() });
  }
  async listParked(limit: number): Promise<ParkedMatch[]> {
    return [...this.items.values()]
      .filter((m) => m.status === 'parked')
      .sort(newestFirst)
      .slice(0, limit)
      .map((m) => ({ ...asMatch(m), parkedReason: m.parkedReason!, parkedAt: m.parkedAt! }));
  }
  async latestForTopic(topicId: string, limit: number): Promise<ArticleMatched[]> {
    return [...this.items.values()]
      .filter((m) => m.topicId === topicId)
      .sort((a, b) => (a.matchedAt < b.matchedAt ? 1 : a.matchedAt > b.matchedAt ? -1 : a.articleId < b.articleId ? 1 : -1))
      .slice(0, limit)
      .map(asMatch);
  }
  /** Newest first over all topics (the optional MatchStore.latest, for the combined feed). */
  async latest(limit: number): Promise<ArticleMatched[]> {
    return [...this.items.values()].sort(newestFirst).slice(0, limit).map(asMatch);
  }
  async countByTopic(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const m of this.items.values()) counts[m.topicId] = (counts[m.topicId] ?? 0) + 1;
    return counts;
  }
}

export class MemorySubscriberStore implements SubscriberStore {
  readonly items = new Map<string, Subscriber>();
  constructor(initial: Subscriber[] = []) {
    for (const s of initial) this.items.set(s.id, structuredClone(s));
  }
  async get(id: string): Promise<Subscriber | undefined> {
    return this.items.get(id);
  }
  async put(subscriber: Subscriber): Promise<void> {
    this.items.set(subscriber.id, structuredClone(subscriber));
  }
  async listByTopic(topicId: string): Promise<Subscriber[]> {
    return [...this.items.values()].filter((s) => s.topics.includes(topicId));
  }
}

const deliveryKey = (k: DeliveryKey) => `${k.subscriberId}#${k.channel}#${k.articleId}`;

export class MemoryDeliveryLedger implements DeliveryLedger {
  readonly entries = new Map<string, { state: 'claimed' | 'sent'; leaseUntil: Date; providerId?: string }>();
  async claim(key: DeliveryKey, now: Date, leaseSeconds: number): Promise<'claimed' | 'sent' | 'busy'> {
    const entry = this.entries.get(deliveryKey(key));
    if (entry?.state === 'sent') return 'sent';
    if (entry && entry.leaseUntil > now) return 'busy';
    this.entries.set(deliveryKey(key), { state: 'claimed', leaseUntil: new Date(now.getTime() + leaseSeconds * 1000) });
    return 'claimed';
  }
  async complete(key: DeliveryKey, _now: Date, providerId?: string): Promise<void> {
    this.entries.set(deliveryKey(key), { state: 'sent', leaseUntil: new Date(0), ...(providerId ? { providerId } : {}) });
  }
  async release(key: DeliveryKey): Promise<void> {
    const entry = this.entries.get(deliveryKey(key));
    if (entry?.state === 'claimed') this.entries.delete(deliveryKey(key));
  }
}

/** An in-memory queue with visibility, retries and a dead-letter list; time comes from `now()`. */
export class MemoryQueue<T> implements ConsumableQueue<T> {
  private seq = 0;
  readonly messages = new Map<string, { body: T; visibleAt: number; receiveCount: number }>();
  readonly dead: { body: T; reason: string }[] = [];
  constructor(
    readonly name: string,
    private readonly now: () => Date = () => new Date(),
  ) {}
  async send(bodies: T[], options: { delaySeconds?: number } = {}): Promise<void> {
    const visibleAt = this.now().getTime() + (options.delaySeconds ?? 0) * 1000;
    for (const body of bodies) this.messages.set(`${this.name}-${++this.seq}`, { body: structuredClone(body), visibleAt, receiveCount: 0 });
  }
  async receive(max: number, visibilitySeconds: number): Promise<QueueMessage<T>[]> {
    const now = this.now().getTime();
    const out: QueueMessage<T>[] = [];
    for (const [id, m] of this.messages) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      m.visibleAt = now + visibilitySeconds * 1000;
      m.receiveCount += 1;
      out.push({ id, body: structuredClone(m.body), receiveCount: m.receiveCount });
    }
    return out;
  }
  async delete(messageId: string): Promise<void> {
    this.messages.delete(messageId);
  }
  async retryLater(messageId: string, delaySeconds: number): Promise<void> {
    const m = this.messages.get(messageId);
    if (m) m.visibleAt = this.now().getTime() + delaySeconds * 1000;
  }
  async deadLetter(messageId: string, reason: string): Promise<void> {
    const m = this.messages.get(messageId);
    if (!m) return;
    this.messages.delete(messageId);
    this.dead.push({ body: m.body, reason });
  }
  deadLetters(): { id: string; body: T; reason: string }[] {
    return this.dead.map((d, i) => ({ id: `${this.name}-dead-${i}`, ...d }));
  }
  async depth(): Promise<{ ready: number; inFlight: number; dead: number }> {
    const now = this.now().getTime();
    let ready = 0;
    for (const m of this.messages.values()) if (m.visibleAt <= now) ready++;
    return { ready, inFlight: this.messages.size - ready, dead: this.dead.length };
  }
}

/** In-memory FeedPublisher: every stored file with its content type; `calls` counts writes and deletes. */
export class MemoryFeedPublisher implements FeedPublisher {
  readonly files = new Map<string, { body: string; contentType: string }>();
  readonly calls = { put: 0, head: 0, list: 0, delete: 0 };
  async put(key: string, body: string, contentType: string): Promise<{ location: string }> {
    this.calls.put++;
    this.files.set(key, { body, contentType });
    return { location: `memory://${key}` };
  }
  async head(key: string): Promise<{ contentHash: string } | undefined> {
    this.calls.head++;
    const file = this.files.get(key);
    return file ? { contentHash: createHash('sha256').update(file.body).digest('hex') } : undefined;
  }
  async list(prefix: string): Promise<string[]> {
    this.calls.list++;
    return [...this.files.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
  async delete(keys: string[]): Promise<void> {
    this.calls.delete++;
    for (const key of keys) this.files.delete(key);
  }
}

/** In-memory DigestStore (held alerts for digests, quiet hours and storms). */
export class MemoryDigestStore implements DigestStore {
  readonly items = new Map<string, DigestEntry>();
  readonly enqueuedAt = new Map<string, Date>();
  private static batch(ref: DigestBatchRef) {
    return `${ref.subscriberId}#${ref.channel}#${ref.slot}`;
  }
  async add(entry: DigestEntry): Promise<void> {
    const key = `${MemoryDigestStore.batch(entry)}#${entry.articleId}`;
    if (!this.items.has(key)) this.items.set(key, structuredClone(entry));
  }
  async listDue(now: Date, enqueuedBefore: Date, limit: number): Promise<DigestBatchRef[]> {
    const refs = new Map<string, DigestBatchRef>();
    for (const e of this.items.values()) {
      if (new Date(e.slot) > now) continue;
      const b = MemoryDigestStore.batch(e);
      const queued = this.enqueuedAt.get(b);
      if (queued && queued > enqueuedBefore) continue;
      refs.set(b, { subscriberId: e.subscriberId, channel: e.channel, slot: e.slot });
    }
    return [...refs.values()].slice(0, limit);
  }
  async markEnqueued(ref: DigestBatchRef, now: Date): Promise<void> {
    this.enqueuedAt.set(MemoryDigestStore.batch(ref), now);
  }
  async entries(ref: DigestBatchRef): Promise<DigestEntry[]> {
    const b = MemoryDigestStore.batch(ref);
    return [...this.items.values()].filter((e) => MemoryDigestStore.batch(e) === b).sort((x, y) => (x.addedAt < y.addedAt ? -1 : x.addedAt > y.addedAt ? 1 : 0));
  }
  async removeBatch(ref: DigestBatchRef): Promise<void> {
    const b = MemoryDigestStore.batch(ref);
    for (const [k, e] of this.items) if (MemoryDigestStore.batch(e) === b) this.items.delete(k);
    this.enqueuedAt.delete(b);
  }
}

/** In-memory TopicActivity: distinct articles per topic within a sliding window. */
export class MemoryTopicActivity implements TopicActivity {
  readonly seen = new Map<string, Map<string, number>>();
  async record(topicId: string, articleId: string, now: Date, windowSeconds: number): Promise<number> {
    const topic = this.seen.get(topicId) ?? new Map<string, number>();
    this.seen.set(topicId, topic);
    if (!topic.has(articleId)) topic.set(articleId, now.getTime());
    const from = now.getTime() - windowSeconds * 1000;
    let count = 0;
    for (const at of topic.values()) if (at > from && at <= now.getTime()) count++;
    return count;
  }
}

/** Subscribers with lookups by address (subscriptions, issue 7). */
export class MemorySubscriberDirectory extends MemorySubscriberStore implements SubscriberLookup {
  /** Every put, in order (tests assert what was written, and that repeats write nothing). */
  readonly writes: Subscriber[] = [];
  override async put(subscriber: Subscriber): Promise<void> {
    this.writes.push(structuredClone(subscriber));
    await super.put(subscriber);
  }
  async findByEmail(email: string): Promise<Subscriber[]> {
    const wanted = email.trim().toLowerCase();
    return [...this.items.values()].filter((s) => s.email?.trim().toLowerCase() === wanted).map((s) => structuredClone(s));
  }
  async findByTelegramChatId(chatId: string): Promise<Subscriber[]> {
    return [...this.items.values()].filter((s) => s.telegramChatId === chatId).map((s) => structuredClone(s));
  }
  /** Self-service ids claimed per address. */
  readonly webClaims = new Map<string, string>();
  async claimWebId(email: string, id: string): Promise<string> {
    const address = email.trim().toLowerCase();
    if (!this.webClaims.has(address)) this.webClaims.set(address, id);
    return this.webClaims.get(address)!;
  }
}

export class MemorySuppressionStore implements SuppressionStore {
  readonly items = new Map<string, SuppressionEntry>();
  async suppress(entry: SuppressionEntry): Promise<boolean> {
    const email = entry.email.trim().toLowerCase();
    if (this.items.has(email)) return false;
    this.items.set(email, { ...entry, email });
    return true;
  }
  async get(email: string): Promise<SuppressionEntry | undefined> {
    return this.items.get(email.trim().toLowerCase());
  }
}

export class MemoryRateLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  async hit(key: string, limit: number): Promise<boolean> {
    const count = this.counts.get(key) ?? 0;
    if (count >= limit) return false;
    this.counts.set(key, count + 1);
    return true;
  }
}

export class MemoryOnceKeys implements OnceKeys {
  readonly keys = new Map<string, Date>();
  constructor(private readonly now: () => Date = () => new Date()) {}
  async claim(key: string, expiresAt: Date): Promise<boolean> {
    const held = this.keys.get(key);
    if (held && held >= this.now()) return false;
    this.keys.set(key, expiresAt);
    return true;
  }
  async release(key: string): Promise<void> {
    this.keys.delete(key);
  }
}

/**
 * Wraps a store (or any object) so every method call is counted by name: `calls.putIfAbsent` etc.
 * Benchmarks and use-case tests use it to count writes without a server.
 */
export function counted<T extends object>(target: T): { store: T; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const store = new Proxy(target, {
    get(obj, key, receiver) {
      const value = Reflect.get(obj, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        calls[key] = (calls[key] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
  return { store, calls };
}

export class MemoryStoryAlerts implements StoryAlerts {
  /** `<story>\u0000<topic>` → the article that alerted it */
  readonly claims = new Map<string, string>();
  async claim({ storyId, topicId, articleId }: { storyId: string; topicId: string; articleId: string }): Promise<boolean> {
    const key = `${storyId}\u0000${topicId}`;
    const holder = this.claims.get(key);
    if (holder !== undefined && holder !== articleId) return false;
    this.claims.set(key, articleId);
    return true;
  }
}
