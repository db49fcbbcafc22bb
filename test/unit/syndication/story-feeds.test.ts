import { XMLParser } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { buildCombinedFeeds, buildTopicFeeds, type TopicFeedItem } from '../../../shared/domain/syndication/index.js';
import { articleUrn, storyUrn } from '../../../shared/domain/syndication/stable-id.js';
import { anArticle } from '../../support/factories.js';
import { BASE_URL, feedTopic, goldenTopics } from './fixtures.js';
import { expectStrictXml } from './strict-xml.js';

const csto = feedTopic(goldenTopics[0]!);
const karabakh = feedTopic(goldenTopics[1]!);
const atomParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['entry', 'link'].includes(name) });
const terms = [{ term: 'CSTO', field: 'title' as const, snippet: 'CSTO council' }];

const wire = anArticle({ id: 'wire-1', storyId: 'story-1', title: 'CSTO council meets in Minsk', link: 'https://wire.example/1', sourceTitle: 'World Wire', firstSeen: '2026-11-20T10:00:00.000Z', published: '2026-11-20T09:50:00.000Z' });
const copy = anArticle({ id: 'copy-1', storyId: 'story-1', title: 'CSTO council <meets> in "Minsk" & more', link: 'https://daily.example/csto?a=1&b=2', sourceTitle: 'Daily <Courier> & Co', firstSeen: '2026-11-20T11:30:00.000Z', published: '2026-11-20T11:00:00.000Z' });
const other = anArticle({ id: 'other-1', storyId: 'other-1', title: 'Wheat prices', firstSeen: '2026-11-20T10:30:00.000Z' });
const item = (article: typeof wire, matchedAt: string, coverage?: TopicFeedItem['coverage']): TopicFeedItem => ({ article, matchedAt, terms, ...(coverage ? { coverage } : {}) });

const topicFeed = (items: TopicFeedItem[]) => buildTopicFeeds({ topic: csto, items, baseUrl: BASE_URL });

describe('topic feeds: one item per story', () => {
  it("carries one item for a story's two copies: the first seen leads, the other is also reported by, escaped", async () => {
    const feeds = topicFeed([item(copy, '2026-11-20T11:30:00.000Z'), item(wire, '2026-11-20T10:00:00.000Z'), item(other, '2026-11-20T10:30:00.000Z')]);
    expect(feeds.itemCount).toBe(2);
    expectStrictXml(feeds.rss);
    expectStrictXml(feeds.atom);
    const rss = await new Parser().parseString(feeds.rss);
    const story = rss.items.find((i) => i.title === 'CSTO council meets in Minsk')!;
    expect(story.guid).toBe(storyUrn('story-1'));
    expect(story.link).toBe('https://wire.example/1');
    expect((story as { 'content:encoded'?: string })['content:encoded']).toContain('<p>Also reported by:</p><ul><li><a href="https://daily.example/csto?a=1&amp;b=2">Daily &lt;Courier&gt; &amp; Co</a>: CSTO council &lt;meets&gt; in &quot;Minsk&quot; &amp; more</li></ul>');
    expect(rss.items.map((i) => i.title)).not.toContain(copy.title);
    const json = JSON.parse(feeds.json) as { items: { id: string; _newshound: { alsoReportedBy?: unknown[] } }[] };
    expect(json.items.find((i) => i.id === storyUrn('story-1'))?._newshound.alsoReportedBy).toEqual([{ title: copy.title, source: 'Daily <Courier> & Co', link: 'https://daily.example/csto?a=1&b=2' }]);
  });

  it('keeps the id as coverage grows and moves `updated` to the newest coverage', () => {
    const entry = (atom: string) => {
      const e = (atomParser.parse(atom) as { feed: { entry: { id: string; updated: string; content: string | { '#text': string } }[] } }).feed.entry[0]!;
      return { ...e, content: typeof e.content === 'string' ? e.content : e.content['#text'] };
    };
    const alone = entry(topicFeed([item(wire, '2026-11-20T10:00:00.000Z')]).atom);
    const grown = entry(topicFeed([item(wire, '2026-11-20T10:00:00.000Z'), item(copy, '2026-11-20T11:30:00.000Z')]).atom);
    // Coverage the grouping knows of that matched nothing here counts too.
    const later = { articleId: 'late-1', feedId: 'late', title: 'Late take', link: 'javascript:alert(1)', sourceTitle: 'Late Post', firstSeen: '2026-11-20T13:00:00.000Z' };
    const covered = entry(topicFeed([item(wire, '2026-11-20T10:00:00.000Z', [later]), item(copy, '2026-11-20T11:30:00.000Z')]).atom);
    expect([alone.id, grown.id, covered.id]).toEqual([storyUrn('story-1'), storyUrn('story-1'), storyUrn('story-1')]);
    expect([alone.updated, grown.updated, covered.updated]).toEqual(['2026-11-20T10:00:00.000Z', '2026-11-20T11:30:00.000Z', '2026-11-20T13:00:00.000Z']);
    expect(alone.content).not.toContain('Also reported by');
    // An unsafe link is dropped; the outlet is still named.
    expect(covered.content).toContain('<li>Late Post: Late take</li>');
    expect(covered.content).not.toContain('javascript:');
  });

  it('a story named after its first article keeps that article\'s item id; an article without a story keeps its own', () => {
    const first = anArticle({ id: 'a-1', storyId: 'a-1', firstSeen: '2026-11-20T10:00:00.000Z' });
    const legacy = anArticle({ id: 'old-1', firstSeen: '2026-11-20T09:00:00.000Z' });
    const json = JSON.parse(topicFeed([item(first, '2026-11-20T10:00:00.000Z'), item(legacy, '2026-11-20T09:00:00.000Z')]).json) as { items: { id: string }[] };
    expect(json.items.map((i) => i.id).sort()).toEqual([articleUrn('a-1'), articleUrn('old-1')].sort());
  });
});

describe('combined feed: one item per story', () => {
  it("merges the story's articles and the topics they matched", () => {
    const feeds = buildCombinedFeeds({
      topics: [csto, karabakh],
      items: [
        { article: wire, matches: [{ topic: csto, matchedAt: '2026-11-20T10:00:00.000Z', terms }] },
        { article: copy, matches: [{ topic: karabakh, matchedAt: '2026-11-20T11:30:00.000Z', terms: [{ term: 'Karabakh', field: 'text', snippet: 'Karabakh' }] }] },
      ],
      baseUrl: BASE_URL,
    });
    const json = JSON.parse(feeds.json) as { items: { id: string; title: string; _newshound: { matches: { topicId: string }[]; alsoReportedBy: { source: string }[] } }[] };
    expect(json.items).toHaveLength(1);
    expect(json.items[0]).toMatchObject({ id: storyUrn('story-1'), title: wire.title });
    expect(json.items[0]!._newshound.matches.map((m) => m.topicId)).toEqual([csto.id, karabakh.id].sort());
    expect(json.items[0]!._newshound.alsoReportedBy.map((o) => o.source)).toEqual(['Daily <Courier> & Co']);
  });
});
