/**
 * What stories add to DynamoDB: the labelled set (test/fixtures/stories/labelled.json) assigned in publication order by
 * the DynamoDB story store over dynalite, with the cost meter on, then one coverage read per story (what publish-feeds
 * and send-digests pay for an item's "also reported by"). Request units per new article and per story, by item type.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStoryStore } from '../../shared/adapters/dynamodb/dynamo-story-store.js';
import { ensureTable } from '../../shared/adapters/dynamodb/table-schema.js';
import { makeDynamoClients } from '../../shared/runtime/dynamodb-client.js';
import { configuredCompiledTopics, evaluateLabelled, loadLabelledStories } from '../../test/support/labelled-stories.js';
import { DynamoMeter } from './dynamo-meter.js';
import { startDynaliteProcess } from './dynalite-process.js';
import { type CountEvent, newTrace, withTrace } from './trace.js';

export interface Units {
  wru: number;
  rru: number;
  writes: number;
  reads: number;
}

export interface StoryCost {
  articles: number;
  stories: number;
  /** Assigning one new article (lookups, claim, member, postings; a story's start and its check for a rival). */
  perArticle: Units;
  /** All assignment units of the set over its stories: the "extra writes per story". */
  perStory: Units;
  /** One coverage read of one story. */
  perCoverageRead: Units;
  /** Assignment units by operation and item type, per new article. */
  byOperation: Record<string, Units>;
}

export async function measureStoryCost(): Promise<StoryCost> {
  const dynamo = await startDynaliteProcess();
  const { client, doc } = makeDynamoClients({ endpoint: dynamo.endpoint });
  const raw = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const table = 'newshound-stories-cost';
    await ensureTable(client, table);
    new DynamoMeter(raw).attach(client);
    const store = new DynamoStoryStore(doc, table, { topics: configuredCompiledTopics() });
    const set = loadLabelledStories();
    const assigning = newTrace('stories');
    const result = await withTrace(assigning, () => evaluateLabelled(set, store));
    const storyIds = [...new Set(result.predicted.values())];
    const reading = newTrace('stories coverage');
    await withTrace(reading, async () => {
      for (const id of storyIds) await store.coverage([id]);
    });
    const articles = set.articles.length;
    const byOperation: Record<string, Units> = {};
    for (const e of assigning.events) {
      const op = (byOperation[e.op] ??= zero());
      add(op, e, 1 / articles);
    }
    return {
      articles,
      stories: storyIds.length,
      perArticle: total(assigning.events, articles),
      perStory: total(assigning.events, storyIds.length),
      perCoverageRead: total(reading.events, storyIds.length),
      byOperation,
    };
  } finally {
    client.destroy();
    raw.destroy();
    dynamo.close();
  }
}

const zero = (): Units => ({ wru: 0, rru: 0, writes: 0, reads: 0 });

function add(units: Units, e: CountEvent, share: number): void {
  units.wru += (e.wru ?? 0) * share;
  units.rru += (e.rru ?? 0) * share;
  if (e.wru !== undefined) units.writes += e.calls * share;
  if (e.rru !== undefined) units.reads += e.calls * share;
}

function total(events: CountEvent[], per: number): Units {
  const units = zero();
  for (const e of events) add(units, e, 1 / per);
  return units;
}
