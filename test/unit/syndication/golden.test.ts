import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { publishTopicFeeds } from '../../../shared/usecases/publish-feeds.js';
import { MemoryArticleStore, MemoryFeedPublisher, MemoryMatchStore } from '../../support/memory-stores.js';
import { BASE_URL, feedTopic, goldenArticles, goldenMatches, goldenTopics, HUB_URL } from './fixtures.js';
import { expectStrictXml } from './strict-xml.js';

const GOLDEN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/golden/syndication');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Every public file publish-feeds writes for the fixed matches in fixtures.ts, compared byte for byte. */
async function publishGoldenSet(): Promise<Map<string, string>> {
  const articles = new MemoryArticleStore();
  const matches = new MemoryMatchStore();
  for (const a of goldenArticles) await articles.putIfAbsent(a);
  for (const m of goldenMatches) await matches.putPending(m);
  const publisher = new MemoryFeedPublisher();
  await publishTopicFeeds(
    { articles, matches, publisher, config: { baseUrl: BASE_URL, itemsPerFeed: 10, hubUrl: HUB_URL, topics: goldenTopics.map(feedTopic) } },
    { topicIds: goldenTopics.map((t) => t.id) },
  );
  return new Map([...publisher.files].map(([key, file]) => [key.replace(/^feeds\//, ''), file.body]));
}

describe('golden feeds (regenerate with UPDATE_GOLDEN=1)', async () => {
  const files = await publishGoldenSet();

  it('writes the expected set of files', () => {
    expect([...files.keys()].sort()).toEqual(
      ['all', 'csto', 'nagorno-karabakh'].flatMap((n) => [`${n}.atom`, `${n}.json`, `${n}.xml`]).concat(['index.html', 'topics.opml']).sort(),
    );
  });

  it.each([...files.keys()].filter((n) => /\.(xml|atom|opml)$/.test(n)).sort())('%s is strict XML that rss-parser reads', async (name) => {
    const body = files.get(name)!;
    expectStrictXml(body);
    if (!name.endsWith('.opml')) expect((await new Parser().parseString(body)).items.length).toBeGreaterThan(0);
  });

  it.each([...files.keys()].sort())('%s equals its golden file', async (name) => {
    const file = path.join(GOLDEN_DIR, name);
    if (UPDATE) {
      await mkdir(GOLDEN_DIR, { recursive: true });
      await writeFile(file, files.get(name)!, 'utf8');
    }
    let golden: string;
    try {
      golden = await readFile(file, 'utf8');
    } catch {
      throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/unit/syndication/golden.test.ts`);
    }
    expect(files.get(name), `${name} differs from its golden file; if the change is intended, regenerate with UPDATE_GOLDEN=1`).toBe(golden);
  });
});
