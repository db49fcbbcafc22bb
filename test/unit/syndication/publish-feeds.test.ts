import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { memoryPartnerAccess } from '../../../shared/adapters/memory/memory-partner-access.js';
import type { PartnerAccess } from '../../../shared/domain/syndication/index.js';
import { partnerAccessKey } from '../../../shared/domain/syndication/partner-access.js';
import type { ArticleMatched } from '../../../shared/domain/topic.js';
import { ConfigError } from '../../../shared/ports/errors.js';
import type { MatchStore } from '../../../shared/ports/stores.js';
import { publishTopicFeeds, type PublishFeedsConfig } from '../../../shared/usecases/publish-feeds.js';
import { anArticle } from '../../support/factories.js';
import { LabelStories } from '../../support/label-stories.js';
import { MemoryArticleStore, MemoryFeedPublisher, MemoryMatchStore } from '../../support/memory-stores.js';
import { BASE_URL, feedTopic, goldenArticles, goldenMatches, goldenTopics, HUB_URL } from './fixtures.js';

const TOKEN = 'dG9rZW4tZm9yLWFjbWUtaW4tdGVzdHMtb25seS0xMjM0';
const TOPICS = goldenTopics.map(feedTopic);
const ALL_TOPIC_IDS = TOPICS.map((t) => t.id);

/** Counts reads per topic, so a test can tell how many times each topic was rebuilt. */
class CountingMatchStore extends MemoryMatchStore {
  readonly reads: Record<string, number> = {};
  override async latestForTopic(topicId: string, limit: number): Promise<ArticleMatched[]> {
    this.reads[topicId] = (this.reads[topicId] ?? 0) + 1;
    return super.latestForTopic(topicId, limit);
  }
  override async latest(limit: number): Promise<ArticleMatched[]> {
    this.reads['(latest)'] = (this.reads['(latest)'] ?? 0) + 1;
    return super.latest(limit);
  }
}

/** The same store without the optional `latest`, as an adapter that has not implemented it. */
function withoutLatest(store: MemoryMatchStore): MatchStore {
  return {
    putPending: (m) => store.putPending(m),
    markHandedOn: (m) => store.markHandedOn(m),
    listPending: (d, l) => store.listPending(d, l),
    markParked: (m, r, at) => store.markParked(m, r, at),
    listParked: (l) => store.listParked(l),
    latestForTopic: (t, l) => store.latestForTopic(t, l),
    countByTopic: () => store.countByTopic(),
  };
}

async function setup(options: { partners?: PartnerAccess[]; hubUrl?: string; itemsPerFeed?: number; noLatest?: boolean; failPing?: boolean } = {}) {
  const articles = new MemoryArticleStore();
  const store = new CountingMatchStore();
  for (const a of goldenArticles) await articles.putIfAbsent(a);
  for (const m of goldenMatches) await store.putPending(m);
  const publisher = new MemoryFeedPublisher();
  const pings: string[][] = [];
  const config: PublishFeedsConfig = {
    baseUrl: BASE_URL,
    itemsPerFeed: options.itemsPerFeed ?? 10,
    topics: TOPICS,
    ...('hubUrl' in options ? (options.hubUrl ? { hubUrl: options.hubUrl } : {}) : { hubUrl: HUB_URL }),
    ...(options.partners ? { partners: options.partners } : {}),
  };
  const websub = {
    async ping(urls: string[]) {
      pings.push(urls);
      if (options.failPing) throw new Error('hub down');
    },
  };
  const access = memoryPartnerAccess();
  const deps = { articles, matches: options.noLatest ? withoutLatest(store) : store, publisher, config, websub, partnerAccess: access };
  return { articles, store, publisher, pings, config, deps, access, publish: (topicIds: string[]) => publishTopicFeeds(deps, { topicIds }) };
}

const publicFiles = (names: string[]) => names.flatMap((n) => [`feeds/${n}.atom`, `feeds/${n}.json`, `feeds/${n}.xml`]);

describe('publishTopicFeeds', () => {
  it('a first publish writes every public file with its content type, even for topics not in the batch', async () => {
    const { publish, publisher } = await setup();
    const result = await publish(['csto']);
    expect(result.written).toEqual([...publicFiles(['all', 'csto', 'nagorno-karabakh']), 'feeds/index.html', 'feeds/topics.opml'].sort());
    expect(result.rebuiltTopics).toEqual(ALL_TOPIC_IDS);
    expect(Object.fromEntries([...publisher.files].map(([k, f]) => [k.slice(k.lastIndexOf('.')), f.contentType]))).toEqual({
      '.xml': 'application/rss+xml; charset=utf-8',
      '.atom': 'application/atom+xml; charset=utf-8',
      '.json': 'application/feed+json; charset=utf-8',
      '.html': 'text/html; charset=utf-8',
      '.opml': 'text/x-opml; charset=utf-8',
    });
  });

  it('a rebuild without new matches writes nothing and pings nobody', async () => {
    const { publish, publisher, pings } = await setup();
    await publish(ALL_TOPIC_IDS);
    const puts = publisher.calls.put;
    pings.length = 0;
    const again = await publish(ALL_TOPIC_IDS);
    expect(again.written).toEqual([]);
    expect(again.unchanged).toHaveLength(11);
    expect(publisher.calls.put).toBe(puts);
    expect(pings).toEqual([]);
  });

  it('a burst of requests for the same topics rebuilds each topic once', async () => {
    const { publish, store } = await setup();
    await publish(ALL_TOPIC_IDS);
    for (const key of Object.keys(store.reads)) delete store.reads[key];
    const burst = Array.from({ length: 60 }, (_, i) => ALL_TOPIC_IDS[i % 2]!);
    const result = await publish(burst);
    expect(result.rebuiltTopics).toEqual(ALL_TOPIC_IDS);
    expect(store.reads).toEqual({ csto: 1, 'nagorno-karabakh': 1, '(latest)': 1 });
  });

  it('reads each topic once even when public, combined (fallback without `latest`) and partner feeds all need it', async () => {
    const { publish, store } = await setup({ noLatest: true, partners: [{ id: 'acme', token: TOKEN, topics: ALL_TOPIC_IDS }] });
    await publish([...ALL_TOPIC_IDS, ...ALL_TOPIC_IDS]);
    expect(store.reads).toEqual({ csto: 1, 'nagorno-karabakh': 1 });
  });

  it('the combined feed is the same whether the store offers `latest` or not', async () => {
    const a = await setup();
    const b = await setup({ noLatest: true });
    await a.publish(ALL_TOPIC_IDS);
    await b.publish(ALL_TOPIC_IDS);
    for (const key of publicFiles(['all'])) expect(a.publisher.files.get(key)!.body).toBe(b.publisher.files.get(key)!.body);
  });

  it('a new match rewrites only its topic and the combined feed, and pings the hub with their public URLs', async () => {
    const { publish, articles, store, pings } = await setup();
    await publish(ALL_TOPIC_IDS);
    pings.length = 0;
    const article = anArticle({ id: 'fresh', title: 'Fresh CSTO news' });
    await articles.putIfAbsent(article);
    await store.putPending({ articleId: 'fresh', topicId: 'csto', matchedAt: '2026-11-21T00:00:00.000Z', terms: [{ term: 'CSTO', field: 'title', snippet: 'Fresh CSTO' }] });
    const result = await publish(['csto']);
    expect(result.written).toEqual(publicFiles(['all', 'csto']));
    expect(result.pinged.sort()).toEqual(result.written.map((k) => `${BASE_URL}/${k}`).sort());
    expect(pings).toHaveLength(1);
  });

  it('a batch with nothing to rebuild reads no matches', async () => {
    const { publish, store } = await setup({ partners: [{ id: 'acme', token: TOKEN, topics: ['csto'] }] });
    await publish(ALL_TOPIC_IDS);
    for (const key of Object.keys(store.reads)) delete store.reads[key];
    const result = await publish(['no-such-topic']);
    expect(result).toMatchObject({ written: [], rebuiltTopics: [], unknownTopics: ['no-such-topic'] });
    expect(store.reads).toEqual({});
  });

  it('keeps the newest itemsPerFeed items', async () => {
    const { publish, publisher } = await setup({ itemsPerFeed: 2 });
    await publish(ALL_TOPIC_IDS);
    const csto = await new Parser().parseString(publisher.files.get('feeds/csto.xml')!.body);
    expect(csto.items.map((i) => i.title)).toEqual(['CSTO leaders meet in Minsk as Armenia stays away', 'Переговоры о Нагорном Карабахе — «новый раунд» 🕊️']);
    expect((await new Parser().parseString(publisher.files.get('feeds/all.xml')!.body)).items).toHaveLength(2);
  });

  it('leaves out matches whose article is gone', async () => {
    const { publish, articles, publisher } = await setup();
    articles.items.delete('world-wire:nasty');
    await publish(['csto']);
    expect(JSON.parse(publisher.files.get('feeds/csto.json')!.body).items).toHaveLength(2);
  });

  it('does not ping without a hub, and a failing hub does not fail the publish', async () => {
    const quiet = await setup({ hubUrl: undefined });
    expect((await quiet.publish(['csto'])).pinged).toEqual([]);
    expect(quiet.pings).toEqual([]);
    const failing = await setup({ failPing: true });
    const result = await failing.publish(['csto']);
    expect(result.pingError).toBe('hub down');
    expect(result.pinged).toEqual([]);
    expect(failing.publisher.files.size).toBe(11);
  });

  it('reports unknown topic ids and deletes the feeds of a topic removed from config', async () => {
    const { publish, publisher, config } = await setup();
    await publish(ALL_TOPIC_IDS);
    config.topics = TOPICS.filter((t) => t.id === 'csto');
    const result = await publish(['nagorno-karabakh']);
    expect(result.unknownTopics).toEqual(['nagorno-karabakh']);
    expect(result.deleted).toEqual(publicFiles(['nagorno-karabakh']));
    expect([...publisher.files.keys()].filter((k) => k.includes('karabakh'))).toEqual([]);
    expect(publisher.files.get('feeds/index.html')!.body).not.toContain('nagorno-karabakh');
  });

  it('a failed write fails the publish, and the next publish completes the set', async () => {
    const { deps, publisher } = await setup();
    const failing = { ...deps, publisher: Object.assign(Object.create(publisher) as MemoryFeedPublisher, {
      async put(key: string, body: string, type: string) {
        if (key === 'feeds/all.json') throw new Error('disk full');
        return publisher.put(key, body, type);
      },
    }) };
    await expect(publishTopicFeeds(failing, { topicIds: ['csto'] })).rejects.toThrow('disk full');
    expect(publisher.files.has('feeds/all.json')).toBe(false);
    const retry = await publishTopicFeeds(deps, { topicIds: ['csto'] });
    expect(retry.written).toContain('feeds/all.json');
    expect(publisher.files.size).toBe(11);
  });

  describe('partner feeds', () => {
    const acme: PartnerAccess = { id: 'acme', token: TOKEN, topics: ['csto'] };

    it('are the public objects: only the partner\'s index page and OPML, with its token URLs, are its own', async () => {
      const { publish, publisher } = await setup({ partners: [acme] });
      const result = await publish(['csto']);
      const prefix = `feeds/private/${TOKEN}`;
      expect(result.written.filter((k) => k.startsWith(prefix))).toEqual([`${prefix}/index.html`, `${prefix}/topics.opml`]);
      expect(result.written.filter((k) => !k.startsWith(prefix))).toEqual([...publicFiles(['all', 'csto', 'nagorno-karabakh']), 'feeds/index.html', 'feeds/topics.opml'].sort());
      const index = publisher.files.get(`${prefix}/index.html`)!.body;
      expect(index).toContain(`${BASE_URL}/${prefix}/csto.xml`);
      expect(index).toContain(`${BASE_URL}/${prefix}/all.xml`);
      expect(index).not.toContain('nagorno-karabakh.xml');
      expect(result.pinged.some((u) => u.includes('/private/'))).toBe(false);
      expect(publisher.files.get('feeds/index.html')!.body).not.toContain(TOKEN);
    });

    it('a new match writes its topic once however many partners follow it', async () => {
      const partners = Array.from({ length: 5 }, (_, i) => ({ id: `p${i}`, token: `${TOKEN}${i}`, topics: ['csto'] }));
      const { publish, articles, store } = await setup({ partners });
      await publish(ALL_TOPIC_IDS);
      await articles.putIfAbsent(anArticle({ id: 'fresh', title: 'Fresh CSTO news' }));
      await store.putPending({ articleId: 'fresh', topicId: 'csto', matchedAt: '2026-11-21T00:00:00.000Z', terms: [{ term: 'CSTO', field: 'title', snippet: 'Fresh CSTO' }] });
      expect((await publish(['csto'])).written).toEqual(publicFiles(['all', 'csto']));
    });

    it('tells the CDN\'s token table each active partner\'s token hash and topics, and calls it only when they change', async () => {
      const { publish, config, access } = await setup({ partners: [acme, { id: 'globex', token: `${TOKEN}x`, topics: ['nagorno-karabakh', 'csto', 'gone-topic'] }] });
      expect((await publish(['csto'])).partnerAccess).toEqual({ changed: true, puts: 2, deletes: 0 });
      expect(Object.fromEntries(access.table.entries)).toEqual({ [partnerAccessKey(TOKEN)]: 'csto', [partnerAccessKey(`${TOKEN}x`)]: 'csto nagorno-karabakh' });
      expect(JSON.stringify([...access.table.entries])).not.toContain(TOKEN);
      expect((await publish(['csto'])).partnerAccess).toEqual({ changed: false, puts: 0, deletes: 0 });
      expect(access.table.calls).toBe(1);
      config.partners = [{ ...acme, topics: ['csto', 'nagorno-karabakh'] }];
      expect((await publish([])).partnerAccess).toEqual({ changed: true, puts: 1, deletes: 1 });
      expect(Object.fromEntries(access.table.entries)).toEqual({ [partnerAccessKey(TOKEN)]: 'csto nagorno-karabakh' });
      expect(access.table.calls).toBe(2);
    });

    it('fails the publish when the token table cannot be updated, and syncs again on the retry', async () => {
      const { publish, access } = await setup({ partners: [acme] });
      const replaceAll = access.table.replaceAll.bind(access.table);
      access.table.replaceAll = async () => {
        throw new Error('KeyValueStore unavailable');
      };
      await expect(publish(['csto'])).rejects.toThrow('KeyValueStore unavailable');
      access.table.replaceAll = replaceAll;
      expect((await publish(['csto'])).partnerAccess).toEqual({ changed: true, puts: 1, deletes: 0 });
    });

    it('revoking a partner removes its key from the token table and its files on the next publish', async () => {
      const { publish, publisher, config, access } = await setup({ partners: [acme] });
      await publish(['csto']);
      config.partners = [{ ...acme, revoked: true }];
      const result = await publish([]);
      expect(result.deleted).toEqual([`feeds/private/${TOKEN}/index.html`, `feeds/private/${TOKEN}/topics.opml`]);
      expect(access.table.entries.size).toBe(0);
      expect([...publisher.files.keys()].some((k) => k.includes(TOKEN))).toBe(false);
    });

    it('deletes the per-partner copies an earlier version wrote', async () => {
      const { publish, publisher } = await setup({ partners: [acme] });
      await publisher.put(`feeds/private/${TOKEN}/csto.xml`, '<rss/>', 'application/rss+xml; charset=utf-8');
      expect((await publish([])).deleted).toEqual([`feeds/private/${TOKEN}/csto.xml`]);
    });

    it('rejects weak tokens and the reserved topic id', async () => {
      const weak = await setup({ partners: [{ ...acme, token: 'short' }] });
      await expect(weak.publish(['csto'])).rejects.toBeInstanceOf(ConfigError);
      const reserved = await setup();
      reserved.config.topics = [...TOPICS, { id: 'all', name: 'All' }];
      await expect(reserved.publish(['csto'])).rejects.toThrow('topics[2].id');
    });
  });
});

describe('publishTopicFeeds: stories', () => {
  it("publishes one item per story with its coverage, asking the story coverage once per story, and the item grows as coverage does", async () => {
    const articles = new MemoryArticleStore();
    const matches = new MemoryMatchStore();
    const stories = new LabelStories();
    const publisher = new MemoryFeedPublisher();
    const asked: string[][] = [];
    const coverage = { coverage: (ids: string[]) => (asked.push(ids), stories.coverage(ids)) };
    const config: PublishFeedsConfig = { baseUrl: BASE_URL, itemsPerFeed: 10, topics: TOPICS };
    const add = async (id: string, title: string, sourceTitle: string, at: string, topicIds: string[]) => {
      const a = anArticle({ id, title, sourceTitle, link: `https://${id}.example/story`, firstSeen: at });
      const { storyId } = await stories.assign({ id, feedId: sourceTitle, title, text: '', sourceTitle, firstSeen: at, link: a.link! });
      await articles.putIfAbsent({ ...a, storyId });
      for (const topicId of topicIds) await matches.putPending({ articleId: id, topicId, terms: [], matchedAt: at, storyId });
    };
    await add('wire', 'CSTO council meets [story s1]', 'World Wire', '2026-11-20T10:00:00.000Z', ['csto']);
    await add('kavkaz', 'Council of the CSTO [story s1]', 'Kavkaz Lenta', '2026-11-20T10:20:00.000Z', ['csto']);
    // An outlet's copy that matched no topic still shows as coverage.
    await add('brief', 'Briefly: council [story s1]', 'Brief <News>', '2026-11-20T10:40:00.000Z', []);
    await publishTopicFeeds({ articles, matches, publisher, config, stories: coverage }, { topicIds: ['csto'] });
    const feed = await new Parser().parseString(publisher.files.get('feeds/csto.xml')!.body);
    expect(feed.items.map((i) => i.title)).toEqual(['CSTO council meets [story s1]']);
    const content = (feed.items[0] as { 'content:encoded'?: string })['content:encoded']!;
    expect(content).toContain('<a href="https://kavkaz.example/story">Kavkaz Lenta</a>: Council of the CSTO [story s1]');
    expect(content).toContain('<a href="https://brief.example/story">Brief &lt;News&gt;</a>: Briefly: council [story s1]');
    expect(asked.flat().filter((id) => id === 'story-s1').length).toBe(1);
  });
});
