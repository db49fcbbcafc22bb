import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoStoryStore } from '../../../shared/adapters/dynamodb/dynamo-story-store.js';
import type { StoryArticle } from '../../../shared/ports/story-assigner.js';
import { startTestDynamo } from '../../support/dynamodb.js';
import { configuredCompiledTopics, evaluateLabelled, loadLabelledStories } from '../../support/labelled-stories.js';

let dynamo: Awaited<ReturnType<typeof startTestDynamo>>;
let table: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo.close();
});
beforeEach(async () => {
  table = await dynamo.freshTable();
});

const store = (options: ConstructorParameters<typeof DynamoStoryStore>[2] = {}) => new DynamoStoryStore(dynamo.doc, table, { topics: configuredCompiledTopics(), ...options });

const article = (id: string, title: string, text: string, published: string, feedId = 'wire'): StoryArticle => ({
  id,
  feedId,
  title,
  text,
  sourceTitle: feedId,
  link: `https://${feedId}.example/${id}`,
  published,
  firstSeen: published,
});

const TOWNS = ['Artashat', 'Vanadzor', 'Dilijan', 'Ijevan', 'Sisian', 'Meghri', 'Jermuk', 'Talin', 'Abovyan', 'Ashtarak', 'Masis', 'Berd', 'Gavar', 'Yeghegnadzor', 'Stepanavan', 'Alaverdi'];
const MAYORS = ['Petrosyan', 'Sargsyan', 'Ghukasyan', 'Davtyan', 'Manukyan', 'Hakobyan', 'Karapetyan', 'Vardanyan', 'Mkrtchyan', 'Zakaryan', 'Poghosyan', 'Avetisyan', 'Khachatryan', 'Baghdasaryan', 'Mnatsakanyan', 'Tadevosyan'];

/** One event per index: a wire report and its rewrite, with a town, a mayor and a number of their own. */
const event = (i: number, copy: number) =>
  article(
    `e${i}-${copy}`,
    copy === 0 ? `Bridge at ${TOWNS[i]} closed after flood` : `Flood shuts ${TOWNS[i]} bridge, ${100 + i} cars rerouted`,
    `The bridge at ${TOWNS[i]} closed on Tuesday after a flood; ${100 + i} cars were rerouted, mayor ${MAYORS[i]} said.`,
    '2026-12-02T10:00:00Z',
    copy === 0 ? 'wire' : 'daily',
  );

describe('DynamoStoryStore', () => {
  it('groups the labelled set as the in-memory store does: no near miss merged, the same floors', async () => {
    const result = await evaluateLabelled(loadLabelledStories(), store());
    expect(result.mergedNearMisses).toEqual([]);
    expect(result.scores.precision).toBeGreaterThanOrEqual(0.97);
    expect(result.scores.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('explains a join, keeps coverage oldest first and capped, and lists no coverage for a story of one', async () => {
    const stories = store({ maxMembers: 2 });
    const first = await stories.assign(event(1, 0));
    expect(first).toEqual({ storyId: 'e1-0', started: true, evidence: [] });
    const second = await stories.assign(event(1, 1));
    expect(second.storyId).toBe('e1-0');
    expect(second.started).toBe(false);
    expect(second.evidence).toEqual(expect.arrayContaining([`name ${TOWNS[1]}`, `number 101`]));
    await stories.assign({ ...event(1, 1), id: 'e1-2', feedId: 'third', published: '2026-12-02T11:00:00Z', firstSeen: '2026-12-02T11:00:00Z' });
    const lonely = await stories.assign(article('other', 'Chess in Saint Louis', 'Aronian won the blitz with 13.5 points.', '2026-12-02T10:00:00Z'));
    expect(lonely.started).toBe(true);
    const coverage = await stories.coverage(['e1-0', 'other', 'missing']);
    expect([...coverage.keys()]).toEqual(['e1-0']);
    expect(coverage.get('e1-0')!.map((m) => m.articleId)).toEqual(['e1-0', 'e1-1']);
    // the cap is on what is written, not only on what is read
    const { Items: stored = [] } = await dynamo.doc.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)', ExpressionAttributeValues: { ':pk': 'STORY#e1-0', ':m': 'MEMBER#' } }),
    );
    expect(stored).toHaveLength(2);
    expect(coverage.get('e1-0')![1]).toEqual({ articleId: 'e1-1', feedId: 'daily', title: event(1, 1).title, link: 'https://daily.example/e1-1', sourceTitle: 'daily', published: '2026-12-02T10:00:00Z', firstSeen: '2026-12-02T10:00:00Z' });
  });

  it('gives a retried article the same story and lists it once', async () => {
    const stories = store();
    await stories.assign(event(2, 0));
    const once = await stories.assign(event(2, 1));
    const again = await store().assign(event(2, 1));
    expect(again).toMatchObject({ storyId: once.storyId, started: false });
    expect((await stories.coverage([once.storyId])).get(once.storyId)!.map((m) => m.articleId)).toEqual(['e2-0', 'e2-1']);
  });

  it('does not join an article beyond the window', async () => {
    const stories = store();
    await stories.assign(event(3, 0));
    const late = await stories.assign({ ...event(3, 1), published: '2026-12-05T10:00:00Z', firstSeen: '2026-12-05T10:00:00Z' });
    expect(late).toMatchObject({ storyId: 'e3-1', started: true });
  });

  it('never splits a story when two polls start it at the same moment', async () => {
    const events = Array.from({ length: 6 }, (_, i) => 10 + i);
    const results = await Promise.all(events.map((i) => Promise.all([store().assign(event(i, 0)), store().assign(event(i, 1))])));
    for (const [i, [a, b]] of results.map((r, n) => [events[n]!, r] as const)) {
      const coverage = await store().coverage([a.storyId, b.storyId]);
      const ids = (id: string) => coverage.get(id)?.map((m) => m.articleId).sort();
      expect(ids(a.storyId), `event ${i}`).toEqual([`e${i}-0`, `e${i}-1`]);
      expect(ids(b.storyId), `event ${i}`).toEqual([`e${i}-0`, `e${i}-1`]);
    }
  });

  it('answers both polls the same story when the earlier start did not see the later one, whichever is older', async () => {
    for (const [blindId, seerId] of [['b-start', 'a-start'], ['a-start', 'b-start']] as const) {
      table = await dynamo.freshTable();
      const copy = (id: string) => ({ ...event(5, 0), id });
      // The blind poll starts and looks again before the other poll has written anything: it finds no rival.
      const blind = await store().assign(copy(blindId));
      expect(blind).toEqual({ storyId: blindId, started: true, evidence: [] });
      // The other poll's first look ran at the same time (it saw nothing either); its look after writing sees the blind start.
      let hidden = true;
      const racing: typeof dynamo.doc = Object.create(dynamo.doc) as typeof dynamo.doc;
      racing.send = ((command: { constructor: { name: string } }) => {
        if (command.constructor.name === 'PutCommand') hidden = false;
        if (hidden && command.constructor.name === 'QueryCommand') return Promise.resolve({ Items: [] });
        return dynamo.doc.send(command as never);
      }) as typeof dynamo.doc.send;
      const seer = await new DynamoStoryStore(racing, table, { topics: configuredCompiledTopics() }).assign(copy(seerId));
      expect(seer.storyId, `${seerId} after ${blindId}`).toBe(blindId);
      const coverage = await store().coverage([blindId]);
      expect(coverage.get(blindId)?.map((m) => m.articleId).sort()).toEqual(['a-start', 'b-start']);
    }
  });

  it('writes postings that expire a window after they were last seen', async () => {
    await store().assign(event(4, 0));
    const { Items = [] } = await dynamo.doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'STORYKEY##:104' } }));
    expect(Items).toEqual([expect.objectContaining({ sk: 'e4-0', seen: Date.parse('2026-12-02T10:00:00Z'), expiresAt: Date.parse('2026-12-04T10:00:00Z') / 1000 })]);
  });
});
