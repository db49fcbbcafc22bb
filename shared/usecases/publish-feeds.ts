/**
 * publish-feeds: rebuilds the syndication feeds of the topics in a batch of PublishRequested messages.
 *
 * Debounce. fan-out sends one PublishRequested per (article, topic), so a burst of matches puts many
 * messages for the same topic on the publish queue. In AWS the SQS event source of the publish-feeds
 * Lambda waits for a batching window (`maxBatchingWindow: 30 s`, `batchSize: 100`), so a burst arrives as
 * one batch; the handler passes every topicId of the batch here in ONE call, and this use case deduplicates
 * them (and reads each topic's matches once), so each topic is rebuilt once per burst. The function should
 * run with reserved concurrency 1: batches are then rebuilt one after another, so a slower rebuild of an
 * older snapshot can never overwrite a newer one (throttled batches simply wait in the queue). Rebuilds are
 * idempotent (same store state, same bytes), so an at-least-once redelivery writes nothing. Locally, the
 * queue runner drains the publish queue the same way: receive up to 100 messages, one call, delete them.
 *
 * Writes. Every file is compared by content hash with what is stored (the MD5s S3's listing carries, else one head
 * per file) and written only when it changed, so
 * S3 keeps its strong ETag and readers polling with If-None-Match get 304s; a rebuild without new matches
 * writes nothing. The WebSub hub is pinged only for public feeds that changed.
 *
 * Partners. An active partner reads `feeds/private/<token>/<topic>.xml` (and .atom, .json, `all.*`): the CDN's token
 * check (infra/edge/partner-feed-access.js) serves it the shared public object of that topic, so each topic is
 * written once, not once per partner, and every partner's polls share one cached copy. Only the partner's own index
 * page and OPML, which carry its token URLs, live under `feeds/private/<token>/`. The check knows the partners from a
 * table of token hashes (a CloudFront KeyValueStore) that this use case keeps in sync, calling it only when the
 * partners changed (shared/usecases/partner-access.ts). Everything under `feeds/` that the configuration no longer
 * calls for — a revoked or removed partner's folder, a deleted topic's feeds — is deleted on the next publish.
 * Missing files (a new topic or partner) are built even when their topic was not in the batch.
 */
import type { Article } from '../domain/article.js';
import {
  buildCombinedFeeds,
  buildTopicFeeds,
  COMBINED_FEED_NAME,
  contentHash,
  contentTypeFor,
  md5Hex,
  feedCatalog,
  feedKeys,
  feedUrls,
  FEED_FORMATS,
  indexKey,
  isStrongToken,
  opmlKey,
  partnerPrefix,
  PUBLIC_PREFIX,
  renderIndexPage,
  renderOpml,
  type CombinedFeedItem,
  type FeedTopic,
  type PartnerAccess,
  type RenderedFeeds,
  type TopicFeedItem,
} from '../domain/syndication/index.js';
import { partnerAccessEntries } from '../domain/syndication/partner-access.js';
import type { ArticleMatched } from '../domain/topic.js';
import type { Clock } from '../ports/clock.js';
import { ConfigError } from '../ports/errors.js';
import type { PartnerAccess as PartnerAccessPorts } from '../ports/partner-access.js';
import type { FeedPublisher } from '../ports/senders.js';
import type { StoryCoverage, StoryMember } from '../ports/story-assigner.js';
import type { ArticleStore, MatchStore } from '../ports/stores.js';
import { syncPartnerAccess, type PartnerAccessSync } from './partner-access.js';

export interface PublishFeedsConfig {
  /** Public base URL the feeds are served under (`<baseUrl>/feeds/csto.xml`). */
  baseUrl: string;
  itemsPerFeed: number;
  /** WebSub hub the public feeds declare. */
  hubUrl?: string;
  topics: FeedTopic[];
  /** Partners with their tokens (read from the PartnerTokens secret: partnersWithTokens). */
  partners?: PartnerAccess[];
}

export interface PublishFeedsDeps {
  articles: ArticleStore;
  matches: MatchStore;
  publisher: FeedPublisher;
  config: PublishFeedsConfig;
  /** The other articles of each item's story ("also reported by"); without it only the articles matched are listed. */
  stories?: StoryCoverage;
  /** Announces changed public feeds to the WebSub hub; omit to disable pings. */
  websub?: { ping(topicFeedUrls: string[]): Promise<void> };
  /** The CDN's table of partner token hashes and the record of its last sync; omit where no CDN checks tokens. */
  partnerAccess?: PartnerAccessPorts;
  clock?: Clock;
}

export interface PublishFeedsResult {
  /** Keys written because their content changed (or was missing). */
  written: string[];
  /** Keys rebuilt with identical content: not written. */
  unchanged: string[];
  /** Keys removed (revoked partners, removed topics). */
  deleted: string[];
  /** Topics whose feeds were rebuilt, each once. */
  rebuiltTopics: string[];
  /** Requested topic ids that are not configured (their feeds, if any, are deleted). */
  unknownTopics: string[];
  /** Feed URLs announced to the WebSub hub. */
  pinged: string[];
  /** Set when the hub ping failed; feeds are written regardless (pings are best effort). */
  pingError?: string;
  /** What the sync of the CDN's partner table did (absent without one). */
  partnerAccess?: PartnerAccessSync;
}

interface Output {
  key: string;
  body: string;
  /** Public feed URL to announce to the hub when this file changed. */
  announce?: string;
}

const WRITE_CONCURRENCY = 8;
/** Rows asked of `latest` per combined-feed item: one article often matched several topics. */
const LATEST_ROWS_PER_ITEM = 4;

export async function publishTopicFeeds(deps: PublishFeedsDeps, input: { topicIds: string[] }): Promise<PublishFeedsResult> {
  const { config, publisher } = deps;
  validate(config);
  const topicsById = new Map(config.topics.map((t) => [t.id, t]));
  const requested = [...new Set(input.topicIds)];
  const unknownTopics = requested.filter((id) => !topicsById.has(id));
  const partners = (config.partners ?? []).filter((p) => !p.revoked).map((p) => ({ ...p, topics: p.topics.filter((t) => topicsById.has(t)) }));

  // With the MD5s from the listing (S3's ETags), an unchanged file costs no request at all; otherwise one head.
  const listed = publisher.listWithMd5 ? await publisher.listWithMd5(`${PUBLIC_PREFIX}/`) : new Map((await publisher.list(`${PUBLIC_PREFIX}/`)).map((k) => [k, undefined]));
  const existing = new Set(listed.keys());
  const expected = expectedKeys(config.topics, partners);
  const missing = (keys: string[]) => keys.some((k) => !existing.has(k));

  // A topic is rebuilt when asked for, or when any of its files (public or a partner's) is missing.
  const rebuild = new Set(requested.filter((id) => topicsById.has(id)));
  for (const topic of config.topics) {
    if (missing(Object.values(feedKeys(PUBLIC_PREFIX, topic.id)))) rebuild.add(topic.id);
  }

  const stale = [...existing].filter((key) => !expected.has(key)).sort();
  // A combined feed changes only when one of its topics was rebuilt or the configuration changed.
  const combinedNeeded = (prefix: string, topicIds: string[]) =>
    topicIds.some((id) => rebuild.has(id)) || stale.length > 0 || missing(Object.values(feedKeys(prefix, COMBINED_FEED_NAME)));

  const items = itemLoader(deps);
  const outputs: Output[] = [];
  const rebuiltTopics = config.topics.filter((t) => rebuild.has(t.id));

  for (const topic of rebuiltTopics) {
    const topicItems = await items.forTopic(topic.id);
    outputs.push(...feedOutputs(PUBLIC_PREFIX, topic.id, buildTopicFeeds({ topic, items: topicItems, baseUrl: config.baseUrl, ...(config.hubUrl ? { hubUrl: config.hubUrl } : {}) }), config.baseUrl, true));
  }
  if (combinedNeeded(PUBLIC_PREFIX, [...topicsById.keys()])) {
    const combinedItems = await items.combined(config.topics);
    outputs.push(...feedOutputs(PUBLIC_PREFIX, COMBINED_FEED_NAME, buildCombinedFeeds({ topics: config.topics, items: combinedItems, baseUrl: config.baseUrl, ...(config.hubUrl ? { hubUrl: config.hubUrl } : {}) }), config.baseUrl, true));
  }
  outputs.push(...catalogOutputs(PUBLIC_PREFIX, config.baseUrl, config.topics, 'newshound feeds'));

  // A partner's feeds are the public objects (the CDN rewrites its token URLs to them): only its catalog is its own.
  for (const partner of partners) {
    const topics = partner.topics.map((id) => topicsById.get(id)!);
    outputs.push(...catalogOutputs(partnerPrefix(partner.token), config.baseUrl, topics, `newshound feeds for ${partner.id}`, PARTNER_COMBINED));
  }

  const written: string[] = [];
  const unchanged: string[] = [];
  let writeError: unknown;
  try {
    await forEachLimit(outputs, WRITE_CONCURRENCY, async (output) => {
      const md5 = listed.get(output.key);
      const same = md5 !== undefined ? md5 === md5Hex(output.body) : existing.has(output.key) && (await publisher.head(output.key))?.contentHash === contentHash(output.body);
      if (same) {
        unchanged.push(output.key);
        return;
      }
      await publisher.put(output.key, output.body, contentTypeFor(output.key)!);
      written.push(output.key);
    });
  } catch (error) {
    writeError = error;
  }

  const deleted = writeError ? [] : stale;
  if (deleted.length) await publisher.delete(deleted);

  // After the writes, so a new partner's index page exists by the time the CDN lets it in; a failure fails the
  // publish (its retry syncs again: the fingerprint is recorded only after a successful update).
  let accessSync: PartnerAccessSync | undefined;
  let accessError: unknown;
  if (deps.partnerAccess && !writeError) {
    try {
      accessSync = await syncPartnerAccess(deps.partnerAccess, partnerAccessEntries(partners, new Set(topicsById.keys())), deps.clock?.now() ?? new Date());
    } catch (error) {
      accessError = error;
    }
  }

  // Announce what did change even when a later write failed: the retry will find those files unchanged.
  const writtenKeys = new Set(written);
  const changedUrls = outputs.filter((o) => o.announce && writtenKeys.has(o.key)).map((o) => o.announce!);
  const result: PublishFeedsResult = {
    written: written.sort(),
    unchanged: unchanged.sort(),
    deleted,
    rebuiltTopics: rebuiltTopics.map((t) => t.id),
    unknownTopics,
    pinged: [],
    ...(accessSync ? { partnerAccess: accessSync } : {}),
  };
  if (deps.websub && config.hubUrl && changedUrls.length) {
    try {
      await deps.websub.ping(changedUrls);
      result.pinged = changedUrls;
    } catch (error) {
      result.pingError = error instanceof Error ? error.message : String(error);
    }
  }
  if (writeError) throw writeError;
  if (accessError) throw accessError;
  return result;
}

function validate(config: PublishFeedsConfig): void {
  if (!Number.isInteger(config.itemsPerFeed) || config.itemsPerFeed < 1) throw new ConfigError('syndication.itemsPerFeed', 'must be a positive integer');
  config.topics.forEach((t, i) => {
    if (t.id === COMBINED_FEED_NAME) throw new ConfigError(`topics[${i}].id`, `"${COMBINED_FEED_NAME}" is reserved for the combined feed`);
  });
  (config.partners ?? []).forEach((p, i) => {
    if (!isStrongToken(p.token)) throw new ConfigError(`partners[${i}].token`, `partner "${p.id}" needs a token of at least 32 URL-safe characters`);
  });
}

function expectedKeys(topics: FeedTopic[], partners: PartnerAccess[]): Set<string> {
  const keys = new Set<string>();
  const addAll = (prefix: string, topicIds: string[]) => {
    for (const id of [...topicIds, COMBINED_FEED_NAME]) for (const key of Object.values(feedKeys(prefix, id))) keys.add(key);
    keys.add(indexKey(prefix));
    keys.add(opmlKey(prefix));
  };
  addAll(PUBLIC_PREFIX, topics.map((t) => t.id));
  for (const p of partners) {
    keys.add(indexKey(partnerPrefix(p.token)));
    keys.add(opmlKey(partnerPrefix(p.token)));
  }
  return keys;
}

function feedOutputs(prefix: string, name: string, feeds: RenderedFeeds, baseUrl: string, announce: boolean): Output[] {
  const keys = feedKeys(prefix, name);
  const urls = feedUrls(baseUrl, keys);
  return FEED_FORMATS.map((format) => ({ key: keys[format], body: feeds[format], ...(announce ? { announce: urls[format] } : {}) }));
}

/** A partner's `all` feed is the public combined feed: every topic's matches, not only its own topics'. */
const PARTNER_COMBINED = 'Every article that matched any of newshound\'s topics, those below included';

function catalogOutputs(prefix: string, baseUrl: string, topics: FeedTopic[], title: string, combinedDescription?: string): Output[] {
  const catalog = feedCatalog({ baseUrl, prefix, title, topics, ...(combinedDescription ? { combinedDescription } : {}) });
  return [
    { key: indexKey(prefix), body: renderIndexPage(catalog) },
    { key: opmlKey(prefix), body: renderOpml(catalog) },
  ];
}

/** Reads each topic's matches, each article and each story's coverage once per publish, however many feeds need them. */
function itemLoader(deps: PublishFeedsDeps) {
  const { articles, matches, config } = deps;
  const articleCache = new Map<string, Promise<Article | undefined>>();
  const coverageCache = new Map<string, Promise<StoryMember[] | undefined>>();
  const coverageOf = (storyIds: string[]): Promise<Map<string, StoryMember[] | undefined>> => {
    const stories = deps.stories;
    const wanted = [...new Set(storyIds)].filter((id) => !coverageCache.has(id));
    if (stories && wanted.length) {
      const found = stories.coverage(wanted);
      for (const id of wanted) coverageCache.set(id, found.then((map) => map.get(id)));
    }
    return Promise.all(storyIds.map(async (id) => [id, await coverageCache.get(id)] as const)).then((pairs) => new Map(pairs));
  };
  const topicCache = new Map<string, Promise<TopicFeedItem[]>>();
  const article = (id: string) => {
    let found = articleCache.get(id);
    if (!found) articleCache.set(id, (found = articles.get(id)));
    return found;
  };
  const withArticles = async (rows: ArticleMatched[]): Promise<(TopicFeedItem & { topicId: string })[]> => {
    const loaded = await Promise.all(rows.map(async (m) => ({ match: m, article: await article(m.articleId) })));
    const coverage = await coverageOf(loaded.flatMap(({ article: a }) => (a?.storyId ? [a.storyId] : [])));
    // A match whose article is gone (expired, never stored) is left out rather than failing the feed.
    return loaded.flatMap(({ match, article: a }) => {
      if (!a) return [];
      const members = a.storyId ? coverage.get(a.storyId) : undefined;
      return [{ topicId: match.topicId, article: a, matchedAt: match.matchedAt, terms: match.terms, ...(members ? { coverage: members } : {}) }];
    });
  };
  const forTopic = (topicId: string): Promise<TopicFeedItem[]> => {
    let found = topicCache.get(topicId);
    if (!found) topicCache.set(topicId, (found = matches.latestForTopic(topicId, config.itemsPerFeed).then(withArticles)));
    return found;
  };
  const combined = async (topics: FeedTopic[]): Promise<CombinedFeedItem[]> => {
    if (matches.latest) {
      const loaded = await withArticles(await matches.latest(config.itemsPerFeed * LATEST_ROWS_PER_ITEM));
      const perTopic = topics.map((topic) => ({ topic, items: loaded.filter((item) => item.topicId === topic.id) }));
      return mergeCombined(perTopic, config.itemsPerFeed);
    }
    return mergeCombined(await Promise.all(topics.map(async (topic) => ({ topic, items: await forTopic(topic.id) }))), config.itemsPerFeed);
  };
  return { forTopic, combined };
}

/** One item per article over several topics, the `limit` most recently matched. */
function mergeCombined(perTopic: { topic: FeedTopic; items: TopicFeedItem[] }[], limit: number): CombinedFeedItem[] {
  const byArticle = new Map<string, CombinedFeedItem & { newest: number }>();
  for (const { topic, items } of perTopic) {
    for (const item of items) {
      const at = Date.parse(item.matchedAt) || 0;
      const entry = byArticle.get(item.article.id) ?? { article: item.article, matches: [], newest: 0, ...(item.coverage ? { coverage: item.coverage } : {}) };
      entry.matches.push({ topic, matchedAt: item.matchedAt, terms: item.terms });
      entry.newest = Math.max(entry.newest, at);
      byArticle.set(item.article.id, entry);
    }
  }
  return [...byArticle.values()]
    .sort((a, b) => b.newest - a.newest || (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0))
    .slice(0, limit)
    .map(({ newest: _newest, ...item }) => item);
}

/** Runs `fn` over items, `limit` at a time; after a failure no new item starts, and it rethrows once all settled. */
async function forEachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await fn(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
