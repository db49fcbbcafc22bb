import { GetCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoStores, DynamoStoryStore } from '../../../shared/adapters/dynamodb/index.js';
import { startTestDynamo } from '../../support/dynamodb.js';
import { aMatch, anArticle, aSubscriber } from '../../support/factories.js';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let stores: ReturnType<typeof dynamoStores>;
let table: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(async () => {
  table = await dynamo.freshTable();
  stores = dynamoStores(dynamo.doc, table);
});

const rawItem = async (pk: string, sk: string) => (await dynamo.doc.send(new GetCommand({ TableName: table, Key: { pk, sk } }))).Item;
const epoch = (iso: string) => Date.parse(iso) / 1000;
const DAY = 86_400;

describe('retention (the table\'s TTL attribute, expiresAt)', () => {
  it('lets an article expire 90 days after it was first seen', async () => {
    const article = anArticle({ firstSeen: '2026-11-20T10:05:00.000Z' });
    await stores.articles.putIfAbsent(article);
    expect((await rawItem(`ART#${article.id}`, 'ART'))?.expiresAt).toBe(epoch('2026-11-20T10:05:00.000Z') + 90 * DAY);
  });

  it('lets a story (its head, members and article claims) expire 30 days after it started, and its key postings after its window', async () => {
    const story = new DynamoStoryStore(dynamo.doc, table);
    const firstSeen = '2026-11-20T10:05:00.000Z';
    await story.assign({ id: 'a1', feedId: 'wire', title: 'Tasmagambetov visits Yerevan', text: 'Imangali Tasmagambetov met Nikol Pashinyan in Yerevan on 3 December.', sourceTitle: 'Wire', firstSeen, published: firstSeen });
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateScan({ client: dynamo.doc }, { TableName: table })) items.push(...(page.Items ?? []));
    const stories = items.filter((i) => String(i['pk']).startsWith('STORY#'));
    expect(stories.map((i) => i['type']).sort()).toEqual(['story', 'story-claim', 'story-member']);
    for (const item of stories) expect(item['expiresAt'], String(item['type'])).toBe(epoch(firstSeen) + 30 * DAY);
    const postings = items.filter((i) => String(i['pk']).startsWith('STORYKEY#'));
    expect(postings.length).toBeGreaterThan(0);
    for (const item of postings) expect(item['expiresAt']).toBe(epoch(firstSeen) + 2 * DAY);
  });

  it('lets a match (and its index copies) expire with its article, pending or handed on', async () => {
    const match = aMatch({ topicId: 'csto', matchedAt: '2026-11-20T10:05:00.000Z' });
    await stores.matches.putPending(match);
    const item = () => rawItem(`TOPIC#csto`, `ART#${match.articleId}`);
    expect((await item())?.expiresAt).toBe(epoch(match.matchedAt) + 90 * DAY);
    await stores.matches.markHandedOn(match);
    expect((await item())?.expiresAt).toBe(epoch(match.matchedAt) + 90 * DAY);
  });

  it('lets a delivery record expire 30 days after the send: longer than a queue (4 days) and its dead letters (14) keep a message', async () => {
    const now = new Date('2026-11-20T10:05:00.000Z');
    const k = { subscriberId: 's1', channel: 'email' as const, articleId: 'a1' };
    expect(await stores.ledger.claim(k, now, 60)).toBe('claimed');
    await stores.ledger.complete(k, now);
    expect((await rawItem('DLV#s1#email#a1', 'DLV'))?.expiresAt).toBe(epoch(now.toISOString()) + 30 * DAY);
  });

  it('keeps everything later work needs: feed states and recent ids, subscribers and their copies, suppressions', async () => {
    await stores.feedStates.put({ feedId: 'wire', url: 'https://example.org/feed', consecutiveFailures: 0, itemsSeen: 3 });
    await stores.feedStates.acquireLease('wire', 'holder', new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:01:00Z'));
    await stores.feedStates.putRecentIds('wire', ['a', 'b']);
    await stores.subscribers.put(aSubscriber({ topics: ['csto', 'nagorno-karabakh'], telegramChatId: '42', channels: ['email', 'telegram'] }));
    await stores.suppressions.suppress({ email: 'gone@example.org', reason: 'bounce', at: '2026-11-20T10:00:00.000Z' });
    await stores.articles.putIfAbsent(anArticle());
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateScan({ client: dynamo.doc }, { TableName: table })) items.push(...(page.Items ?? []));
    const kept = items.filter((i) => i.type !== 'article');
    expect(new Set(kept.map((i) => String(i.pk).split('#')[0]))).toEqual(new Set(['FEED', 'SUB', 'TOPICSUBS', 'EMAIL', 'TGCHAT', 'SUPPRESS']));
    for (const i of kept) expect(i.expiresAt, `${String(i.pk)} ${String(i.sk)}`).toBeUndefined();
  });
});

describe('DynamoArticleStore', () => {
  it('stores an article once (conditional put) and reads it back', async () => {
    const article = anArticle({ title: 'CSTO <summit> & "talks"' });
    expect(await stores.articles.putIfAbsent(article)).toBe(true);
    expect(await stores.articles.putIfAbsent({ ...article, title: 'changed title' })).toBe(false);
    expect(await stores.articles.get(article.id)).toEqual(article);
    expect(await stores.articles.get('missing')).toBeUndefined();
  });

  it('scans every article in pages', async () => {
    const articles = Array.from({ length: 7 }, () => anArticle());
    for (const a of articles) await stores.articles.putIfAbsent(a);
    await stores.matches.putPending(aMatch());
    const seen: string[] = [];
    for await (const page of stores.articles.scan(3)) seen.push(...page.map((a) => a.id));
    expect(seen.sort()).toEqual(articles.map((a) => a.id).sort());
  });

  it('keeps an article\'s page text compressed beside it, and gives it back whole by get and by scan', async () => {
    const pageText = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}: ministers of the Collective Security Treaty Organization discussed Nagorno Karabakh — «ОДКБ».`).join('\n\n');
    const article = anArticle({ pageText });
    await stores.articles.putIfAbsent(article);
    const item = (await rawItem(`ART#${article.id}`, 'ART'))!;
    expect(item['article']).not.toHaveProperty('pageText');
    expect(item['pageTextBr']).toBeInstanceOf(Uint8Array);
    expect((item['pageTextBr'] as Uint8Array).byteLength).toBeLessThan(Buffer.byteLength(pageText) / 3);
    expect(await stores.articles.get(article.id)).toEqual(article);
    const scanned: unknown[] = [];
    for await (const page of stores.articles.scan()) scanned.push(...page);
    expect(scanned).toEqual([article]);
  });
});

describe('DynamoMatchStore (outbox)', () => {
  it('keeps a match pending until handed on, and stores it once', async () => {
    const match = aMatch({ matchedAt: '2026-11-20T10:00:00.000Z' });
    expect(await stores.matches.putPending(match)).toBe(true);
    expect(await stores.matches.putPending(match)).toBe(false);
    expect(await stores.matches.listPending(new Date('2026-11-20T10:01:00Z'))).toEqual([match]);
    expect(await stores.matches.listPending(new Date('2026-11-20T09:59:00Z'))).toEqual([]);
    await stores.matches.markHandedOn(match);
    expect(await stores.matches.listPending(new Date('2026-11-21T00:00:00Z'))).toEqual([]);
  });

  it('lists a topic newest first and counts per topic', async () => {
    const older = aMatch({ topicId: 'csto', matchedAt: '2026-11-20T10:00:00.000Z' });
    const newer = aMatch({ topicId: 'csto', matchedAt: '2026-11-21T10:00:00.000Z' });
    const other = aMatch({ topicId: 'nagorno-karabakh' });
    for (const m of [older, newer, other]) await stores.matches.putPending(m);
    expect((await stores.matches.latestForTopic('csto', 10)).map((m) => m.articleId)).toEqual([newer.articleId, older.articleId]);
    expect(await stores.matches.latestForTopic('csto', 1)).toHaveLength(1);
    expect(await stores.matches.countByTopic()).toEqual({ csto: 2, 'nagorno-karabakh': 1 });
  });

  it('lists the latest handed-on matches over all topics, newest first, without pending ones', async () => {
    const a = aMatch({ topicId: 'csto', matchedAt: '2026-11-20T10:00:00.000Z' });
    const b = aMatch({ topicId: 'nagorno-karabakh', matchedAt: '2026-11-21T10:00:00.000Z' });
    const pending = aMatch({ topicId: 'csto', matchedAt: '2026-11-22T10:00:00.000Z' });
    for (const m of [a, b, pending]) await stores.matches.putPending(m);
    await stores.matches.markHandedOn(a);
    await stores.matches.markHandedOn(b);
    expect((await stores.matches.latest(10)).map((m) => m.articleId)).toEqual([b.articleId, a.articleId]);
    expect(await stores.matches.latest(1)).toHaveLength(1);
    expect(await stores.matches.listPending(new Date('2026-11-23T00:00:00Z'))).toEqual([pending]);
  });

  it('parks a pending match with its reason: out of the outbox and the timeline, listed for admins, latest first', async () => {
    const older = aMatch({ matchedAt: '2026-11-20T10:00:00.000Z' });
    const newer = aMatch({ matchedAt: '2026-11-21T10:00:00.000Z' });
    const kept = aMatch({ matchedAt: '2026-11-20T12:00:00.000Z' });
    for (const m of [older, newer, kept]) await stores.matches.putPending(m);
    const at = new Date('2026-11-22T08:00:00.000Z');
    await stores.matches.markParked(older, 'InvalidMessageContents: Invalid characters found.', at);
    await stores.matches.markParked(newer, 'MessageTooLong: the body has 300000 bytes', at);
    expect(await stores.matches.listPending(new Date('2026-11-23T00:00:00Z'))).toEqual([kept]);
    expect(await stores.matches.listParked(10)).toEqual([
      { ...newer, parkedReason: 'MessageTooLong: the body has 300000 bytes', parkedAt: at.toISOString() },
      { ...older, parkedReason: 'InvalidMessageContents: Invalid characters found.', parkedAt: at.toISOString() },
    ]);
    expect(await stores.matches.listParked(1)).toHaveLength(1);
    await stores.matches.markHandedOn(kept);
    expect((await stores.matches.latest(10)).map((m) => m.articleId)).toEqual([kept.articleId]);
    // Still the topic's match (it did match), and counted.
    expect((await stores.matches.latestForTopic(older.topicId, 10)).map((m) => m.articleId)).toContain(older.articleId);
    expect(await stores.matches.countByTopic()).toEqual({ [older.topicId]: 3 });
  });

  it('parks only pending matches: a handed-on, already parked or absent one is left as it is', async () => {
    const handedOn = aMatch();
    const parked = aMatch();
    for (const m of [handedOn, parked]) await stores.matches.putPending(m);
    await stores.matches.markHandedOn(handedOn);
    await stores.matches.markParked(parked, 'first reason', new Date('2026-11-22T08:00:00.000Z'));

    await stores.matches.markParked(handedOn, 'late refusal', new Date('2026-11-22T09:00:00.000Z'));
    await stores.matches.markParked(parked, 'second reason', new Date('2026-11-22T09:00:00.000Z'));
    await stores.matches.markParked({ articleId: 'absent', topicId: 'csto' }, 'nothing there', new Date('2026-11-22T09:00:00.000Z'));
    expect(await stores.matches.listParked(10)).toEqual([{ ...parked, parkedReason: 'first reason', parkedAt: '2026-11-22T08:00:00.000Z' }]);
    expect((await stores.matches.latest(10)).map((m) => m.articleId)).toEqual([handedOn.articleId]);
    expect(await stores.matches.countByTopic()).toEqual({ csto: 2 });
  });
});

// DynamoFeedStateStore: dynamo-feed-state-store.test.ts

describe('DynamoSubscriberStore', () => {
  it('lists subscribers by topic and follows topic changes', async () => {
    const alice = aSubscriber({ topics: ['csto', 'nagorno-karabakh'] });
    const bob = aSubscriber({ topics: ['csto'] });
    await stores.subscribers.put(alice);
    await stores.subscribers.put(bob);
    expect((await stores.subscribers.listByTopic('csto')).map((s) => s.id).sort()).toEqual([alice.id, bob.id].sort());
    await stores.subscribers.put({ ...alice, topics: ['nagorno-karabakh'] });
    expect((await stores.subscribers.listByTopic('csto')).map((s) => s.id)).toEqual([bob.id]);
    expect((await stores.subscribers.listByTopic('nagorno-karabakh'))[0]?.topics).toEqual(['nagorno-karabakh']);
    expect(await stores.subscribers.get(alice.id)).toMatchObject({ topics: ['nagorno-karabakh'] });
  });

  it('stores a subscriber who lists a topic twice, and drops that topic once', async () => {
    const carol = aSubscriber({ topics: ['csto', 'csto', 'nagorno-karabakh'] });
    await stores.subscribers.put(carol);
    expect((await stores.subscribers.listByTopic('csto')).map((s) => s.id)).toEqual([carol.id]);
    await stores.subscribers.put({ ...carol, topics: ['nagorno-karabakh', 'nagorno-karabakh'] });
    expect(await stores.subscribers.listByTopic('csto')).toEqual([]);
    expect((await stores.subscribers.listByTopic('nagorno-karabakh')).map((s) => s.id)).toEqual([carol.id]);
  });
});

describe('DynamoDeliveryLedger', () => {
  const key = { subscriberId: 's1', channel: 'email' as const, articleId: 'a1' };
  const t0 = new Date('2026-11-20T10:00:00Z');
  const t1 = new Date('2026-11-20T10:00:30Z');
  const t2 = new Date('2026-11-20T10:02:00Z');

  it('lets one sender claim, reports busy to others, and sent after completion', async () => {
    expect(await stores.ledger.claim(key, t0, 60)).toBe('claimed');
    expect(await stores.ledger.claim(key, t1, 60)).toBe('busy');
    await stores.ledger.complete(key, t1, 'msg-1');
    expect(await stores.ledger.claim(key, t2, 60)).toBe('sent');
  });

  it('lets a retry take over an expired lease (a crashed sender loses nothing)', async () => {
    expect(await stores.ledger.claim(key, t0, 60)).toBe('claimed');
    expect(await stores.ledger.claim(key, t2, 60)).toBe('claimed');
  });

  it('releases a claim so an immediate retry may send', async () => {
    expect(await stores.ledger.claim(key, t0, 60)).toBe('claimed');
    await stores.ledger.release(key);
    expect(await stores.ledger.claim(key, t1, 60)).toBe('claimed');
    await stores.ledger.complete(key, t1);
    await stores.ledger.release(key);
    expect(await stores.ledger.claim(key, t2, 60)).toBe('sent');
  });
});
