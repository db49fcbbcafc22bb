import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDigestStore, DynamoStoryAlerts, DynamoTopicActivity } from '../../../shared/adapters/dynamodb/index.js';
import type { DigestEntry } from '../../../shared/ports/delivery-state.js';
import { startTestDynamo } from '../../support/dynamodb.js';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let digests: DynamoDigestStore;
let activity: DynamoTopicActivity;
let storyAlerts: DynamoStoryAlerts;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(async () => {
  const table = await dynamo.freshTable();
  digests = new DynamoDigestStore(dynamo.doc, table);
  activity = new DynamoTopicActivity(dynamo.doc, table);
  storyAlerts = new DynamoStoryAlerts(dynamo.doc, table);
});

const entry = (overrides: Partial<DigestEntry> = {}): DigestEntry => ({
  subscriberId: 's1',
  channel: 'email',
  slot: '2026-11-20T08:00:00.000Z',
  articleId: 'a1',
  matches: [{ topicId: 'csto', terms: [] }],
  reason: 'digest',
  addedAt: '2026-11-20T07:00:00.000Z',
  ...overrides,
});

describe('DynamoDigestStore', () => {
  it('holds entries per batch, idempotently, and lists batches once due', async () => {
    await digests.add(entry());
    await digests.add(entry());
    await digests.add(entry({ articleId: 'a2' }));
    await digests.add(entry({ subscriberId: 's2', slot: '2026-11-20T09:00:00.000Z' }));
    const ref = { subscriberId: 's1', channel: 'email' as const, slot: '2026-11-20T08:00:00.000Z' };
    expect((await digests.entries(ref)).map((e) => e.articleId).sort()).toEqual(['a1', 'a2']);
    expect(await digests.listDue(new Date('2026-11-20T07:59:00Z'), new Date('2026-11-20T07:00:00Z'), 10)).toEqual([]);
    expect(await digests.listDue(new Date('2026-11-20T08:30:00Z'), new Date('2026-11-20T08:00:00Z'), 10)).toEqual([ref]);
    expect(await digests.listDue(new Date('2026-11-20T09:30:00Z'), new Date('2026-11-20T08:00:00Z'), 10)).toHaveLength(2);
  });

  it('skips a batch enqueued recently, offers it again later, and forgets it once removed', async () => {
    const ref = { subscriberId: 's1', channel: 'email' as const, slot: '2026-11-20T08:00:00.000Z' };
    await digests.add(entry());
    await digests.markEnqueued(ref, new Date('2026-11-20T08:01:00Z'));
    expect(await digests.listDue(new Date('2026-11-20T08:02:00Z'), new Date('2026-11-20T07:32:00Z'), 10)).toEqual([]);
    expect(await digests.listDue(new Date('2026-11-20T08:40:00Z'), new Date('2026-11-20T08:10:00Z'), 10)).toEqual([ref]);
    await digests.add(entry());
    expect(await digests.listDue(new Date('2026-11-20T08:02:00Z'), new Date('2026-11-20T07:32:00Z'), 10)).toEqual([]);
    await digests.removeBatch(ref);
    expect(await digests.entries(ref)).toEqual([]);
    expect(await digests.listDue(new Date('2026-11-21T00:00:00Z'), new Date('2026-11-21T00:00:00Z'), 10)).toEqual([]);
  });
});

describe('DynamoTopicActivity', () => {
  it('counts distinct articles of a topic within the window', async () => {
    const t = (s: string) => new Date(`2026-11-20T10:${s}Z`);
    expect(await activity.record('csto', 'a1', t('00:00'), 600)).toBe(1);
    expect(await activity.record('csto', 'a2', t('01:00'), 600)).toBe(2);
    expect(await activity.record('csto', 'a2', t('01:00'), 600)).toBe(2);
    expect(await activity.record('other', 'a3', t('02:00'), 600)).toBe(1);
    expect(await activity.record('csto', 'a4', t('11:00'), 600)).toBe(2);
  });
});

describe('DynamoStoryAlerts', () => {
  const now = new Date('2026-11-20T10:00:00Z');
  it('lets the first article of a story alert each topic, and that article again; another article of the story not', async () => {
    expect(await storyAlerts.claim({ storyId: 'st1', topicId: 'csto', articleId: 'a1' }, now)).toBe(true);
    expect(await storyAlerts.claim({ storyId: 'st1', topicId: 'csto', articleId: 'a2' }, now)).toBe(false);
    // A redelivery of the first article's fan-out.
    expect(await storyAlerts.claim({ storyId: 'st1', topicId: 'csto', articleId: 'a1' }, now)).toBe(true);
    // A topic new to the story, and another story.
    expect(await storyAlerts.claim({ storyId: 'st1', topicId: 'nk', articleId: 'a2' }, now)).toBe(true);
    expect(await storyAlerts.claim({ storyId: 'st2', topicId: 'csto', articleId: 'a3' }, now)).toBe(true);
    expect(await storyAlerts.claim({ storyId: 'st1', topicId: 'csto', articleId: 'a2' }, now)).toBe(false);
  });

  it('gives a topic to exactly one of two articles claiming at once', async () => {
    const results = await Promise.all(['a1', 'a2', 'a3'].map((articleId) => storyAlerts.claim({ storyId: 'st1', topicId: 'csto', articleId }, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
