import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { topics as configuredTopics } from '../../infra/config/topics.js';
import { GuardedHttpFetcher } from '../../shared/adapters/http/guarded-fetcher.js';
import type { FeedEntry } from '../../shared/domain/article.js';
import { decodeFeedBytes } from '../../shared/domain/feed/decode.js';
import { parseFeed } from '../../shared/domain/feed/parse-feed.js';
import type { MatchedTerm, TopicMatch } from '../../shared/domain/topic.js';
import { compileTopics, matchArticle, QueryError, type TopicQuery } from '../../shared/domain/topics/index.js';
import { readTopicsFile, UsageError } from './topics.js';

export const summary = 'Show which topics the articles of a feed file or URL match, and why';

const usage = `Usage: newshound match [--topics FILE.json | --query "QUERY"] [--json] <feed-file-or-url>

  --topics FILE.json  topics to match: [{"id": "...", "query": "..."}]
  --query "QUERY"     one ad-hoc query (topic id "query")
                      (neither: the topics configured in infra/config/topics.ts)
  --json              print {"items": [{"id", "title", "topics": [{"id", "terms": [...]}]}]}
  --allow-loopback    allow fetching from 127.0.0.1 / localhost (testing a local feed server)

The feed is read from a file, or fetched over http(s) with the same guarded client the poller uses.
Query syntax: docs/query-language.md`;

export interface MatchedItem {
  id: string;
  title: string;
  link?: string;
  topics: { id: string; terms: MatchedTerm[] }[];
}

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        topics: { type: 'string' },
        query: { type: 'string' },
        json: { type: 'boolean', default: false },
        'allow-loopback': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length !== 1 || (values.topics && values.query !== undefined)) {
    console.error(usage);
    return 2;
  }
  try {
    const topics: TopicQuery[] =
      values.query !== undefined ? [{ id: 'query', query: values.query }] : values.topics ? await readTopicsFile(values.topics, false) : configuredTopics;
    const compiled = compileTopics(topics);
    const entries = await readFeedEntries(positionals[0]!, { allowLoopback: values['allow-loopback'] });
    const items: MatchedItem[] = entries.map((entry) => ({
      id: entry.id,
      title: entry.title,
      ...(entry.link ? { link: entry.link } : {}),
      topics: matchArticle(compiled, { title: entry.title, text: entry.summary }).map((m: TopicMatch) => ({ id: m.topicId, terms: m.terms })),
    }));
    if (values.json) console.log(JSON.stringify({ items: items.map(({ id, title, topics: t }) => ({ id, title, topics: t })) }));
    else printItems(items);
    return 0;
  } catch (error) {
    if (error instanceof QueryError || error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    console.error(`newshound match: ${(error as Error).message}`);
    return 1;
  }
}

/** The entries of a feed file or http(s) URL, decoded and parsed as the poller does. */
export async function readFeedEntries(source: string, options: { allowLoopback: boolean }): Promise<FeedEntry[]> {
  let bytes: Uint8Array;
  let contentType: string | undefined;
  let feedUrl: string;
  if (/^https?:\/\//i.test(source)) {
    const fetcher = new GuardedHttpFetcher({ allowLoopback: options.allowLoopback, timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024 });
    const result = await fetcher.fetch({ url: source });
    if (result.status !== 'ok') {
      throw new Error(`cannot fetch ${source}: ${result.status === 'error' ? result.reason : `HTTP ${result.httpStatus}`}`);
    }
    bytes = result.body;
    contentType = result.headers['content-type'];
    feedUrl = result.finalUrl;
  } else {
    try {
      bytes = await readFile(source);
    } catch (error) {
      throw new UsageError(`cannot read ${source}: ${(error as Error).message}`);
    }
    feedUrl = `file://${source}`;
  }
  const { text } = decodeFeedBytes(bytes, contentType);
  const parsed = await parseFeed(text, { feedUrl, ...(contentType ? { contentType } : {}) });
  return parsed.items;
}

/** Human-readable terms: `CSTO (title): “…snippet…”`. */
export function describeTerms(terms: MatchedTerm[], indent: string): string[] {
  return terms.map((t) => `${indent}${t.term} (${t.field}): “${t.snippet}”`);
}

function printItems(items: MatchedItem[]): void {
  for (const item of items) {
    console.log(`${item.topics.length > 0 ? '●' : '○'} ${item.title || '(untitled)'}${item.link ? `\n  ${item.link}` : ''}`);
    if (item.topics.length === 0) console.log('  no topic matched');
    for (const topic of item.topics) {
      console.log(`  → ${topic.id}`);
      for (const line of describeTerms(topic.terms, '      ')) console.log(line);
    }
    console.log('');
  }
  const matched = items.filter((i) => i.topics.length > 0).length;
  console.log(`${matched} of ${items.length} articles matched`);
}
