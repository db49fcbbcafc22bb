import { COMBINED_FEED_NAME, feedKeys, feedUrls, indexKey, PUBLIC_PREFIX, urlFor } from './feed-paths.js';
import { feedDocument } from './feed-document.js';
import type { CombinedFeedItem, FeedDocument, FeedTopic, RenderedFeeds, TopicFeedItem } from './model.js';
import { renderAtom } from './render-atom.js';
import { renderJson } from './render-json.js';
import { renderRss } from './render-rss.js';
import { feedUrn } from './stable-id.js';

interface CommonInput {
  baseUrl: string;
  /** WebSub hub the feeds declare (omit for private feeds: a hub would learn their secret URL). */
  hubUrl?: string;
  /**
   * `updated` for a feed with no items only (a feed with items takes it from its newest item, so a rebuild
   * with the same input yields the same bytes). Default: the Unix epoch.
   */
  generatedAt?: Date | string;
  /** Key prefix; default `feeds`. Partner feeds live under `feeds/private/<token>`. */
  prefix?: string;
  /** Namespace of the feed ids; default `public`, `partner:<id>` for partner feeds. */
  scope?: string;
}

export interface BuildTopicFeedsInput extends CommonInput {
  topic: FeedTopic;
  items: TopicFeedItem[];
}

export interface BuildCombinedFeedsInput extends CommonInput {
  /** Feed title; default "newshound: all topics". */
  title?: string;
  topics: FeedTopic[];
  items: CombinedFeedItem[];
}

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1 for one topic, one item per story; pure and byte-stable for the same input. */
export function buildTopicFeeds(input: BuildTopicFeedsInput): RenderedFeeds {
  const prefix = input.prefix ?? PUBLIC_PREFIX;
  const { topic } = input;
  return render(
    feedDocument({
      id: feedUrn(input.scope ?? 'public', topic.id),
      title: `newshound: ${topic.name}`,
      description: topic.description || `Articles matching the topic ${topic.name}`,
      homeUrl: `${urlFor(input.baseUrl, indexKey(prefix))}#${topic.id}`,
      selfUrls: feedUrls(input.baseUrl, feedKeys(prefix, topic.id)),
      ...(input.hubUrl ? { hubUrl: input.hubUrl } : {}),
      items: input.items.map((i) => ({ article: i.article, matches: [{ topic, matchedAt: i.matchedAt, terms: i.terms }], ...(i.coverage ? { coverage: i.coverage } : {}) })),
      showTopicNames: false,
      emptyUpdated: emptyUpdated(input.generatedAt),
    }),
  );
}

/** The combined feed over several topics: one item per story, naming every topic and term it matched. */
export function buildCombinedFeeds(input: BuildCombinedFeedsInput): RenderedFeeds {
  const prefix = input.prefix ?? PUBLIC_PREFIX;
  const names = input.topics.map((t) => t.name).join(', ');
  return render(
    feedDocument({
      id: feedUrn(input.scope ?? 'public', COMBINED_FEED_NAME),
      title: input.title ?? 'newshound: all topics',
      description: names ? `Articles matching any of: ${names}` : 'Articles matching any topic',
      homeUrl: urlFor(input.baseUrl, indexKey(prefix)),
      selfUrls: feedUrls(input.baseUrl, feedKeys(prefix, COMBINED_FEED_NAME)),
      ...(input.hubUrl ? { hubUrl: input.hubUrl } : {}),
      items: input.items,
      showTopicNames: true,
      emptyUpdated: emptyUpdated(input.generatedAt),
    }),
  );
}

function render(doc: FeedDocument): RenderedFeeds {
  return {
    rss: renderRss(doc),
    atom: renderAtom(doc),
    json: renderJson(doc),
    ...(doc.items.length ? { updated: doc.updated.toISOString() } : {}),
    itemCount: doc.items.length,
  };
}

function emptyUpdated(generatedAt: Date | string | undefined): Date {
  const d = generatedAt === undefined ? new Date(0) : new Date(generatedAt);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}
