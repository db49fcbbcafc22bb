import { topics as configuredTopics } from '../../infra/config/topics.js';
import type { FeedEntry } from '../../shared/domain/article.js';
import { decodeFeedBytes } from '../../shared/domain/feed/decode.js';
import { FeedParseError } from '../../shared/domain/feed/feed-parse-error.js';
import { parseFeed } from '../../shared/domain/feed/parse-feed.js';
import type { MatchedTerm, TopicMatch } from '../../shared/domain/topic.js';
import { compileTopics, matchArticle, type TopicQuery } from '../../shared/domain/topics/index.js';
import { ArgumentError, type CommandLine, runCommandLine, stringOption, UsageError } from '../command-line.js';
import { readFeedInput } from '../feed-input.js';
import { readTopicsFile } from './topics.js';

export const summary = 'Show which topics the articles of a feed file or URL match, and why';

export const commandLine: CommandLine = {
  name: 'match',
  usage: `Usage: newshound match [--topics FILE.json | --query "QUERY"] [--json] [--allow-loopback] <feed-file-or-url>

  --topics FILE.json  topics to match: [{"id": "...", "query": "..."}]
  --query "QUERY"     one ad-hoc query (topic id "query")
                      (neither: the topics configured in infra/config/topics.ts)
  --json              print {"items": [{"id", "title", "topics": [{"id", "terms": [...]}]}]}
  --allow-loopback    allow fetching from 127.0.0.1 / localhost (testing a local feed server)
  -h, --help          this help

The feed is read from a file, or fetched over http(s) with the same guarded client the poller uses.
Query syntax: docs/query-language.md

Environment: none

Exit status: 0 matched (whether or not any article matched); 2 bad input (arguments, a query, the topics file,
no such file, not a feed, unreachable).`,
  options: {
    topics: { type: 'string' },
    query: { type: 'string' },
    json: { type: 'boolean', default: false },
    'allow-loopback': { type: 'boolean', default: false },
  },
};

export interface MatchedItem {
  id: string;
  title: string;
  link?: string;
  topics: { id: string; terms: MatchedTerm[] }[];
}

export function run(argv: string[]): Promise<number> {
  return runCommandLine(commandLine, argv, async (args) => {
    const query = stringOption(args, 'query');
    const file = stringOption(args, 'topics');
    if (args.positionals.length !== 1) throw new ArgumentError(args.positionals.length ? `give one feed file or URL, got ${args.positionals.length}` : 'which feed? give a feed file or URL');
    if (file !== undefined && query !== undefined) throw new ArgumentError('give --topics or --query, not both');
    const topics: TopicQuery[] = query !== undefined ? [{ id: 'query', query }] : file ? await readTopicsFile(file, false) : configuredTopics;
    const compiled = compileTopics(topics);
    const entries = await readFeedEntries(args.positionals[0]!, { allowLoopback: args.values['allow-loopback'] === true });
    const items: MatchedItem[] = entries.map((entry) => ({
      id: entry.id,
      title: entry.title,
      ...(entry.link ? { link: entry.link } : {}),
      topics: matchArticle(compiled, { title: entry.title, text: entry.summary }).map((m: TopicMatch) => ({ id: m.topicId, terms: m.terms })),
    }));
    if (args.values.json) console.log(JSON.stringify({ items: items.map(({ id, title, topics: t }) => ({ id, title, topics: t })) }));
    else printItems(items);
    return 0;
  });
}

/** The entries of a feed file or http(s) URL, decoded and parsed as the poller does. */
export async function readFeedEntries(source: string, options: { allowLoopback: boolean }): Promise<FeedEntry[]> {
  const input = await readFeedInput(source, { allowLoopback: options.allowLoopback, timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024 });
  const { text } = decodeFeedBytes(input.bytes, input.contentType);
  try {
    const parsed = await parseFeed(text, { feedUrl: input.feedUrl, ...(input.contentType ? { contentType: input.contentType } : {}) });
    return parsed.items;
  } catch (error) {
    if (error instanceof FeedParseError) throw new UsageError(`rejected: ${error.reason}: ${error.message}`.replace(/\s+/g, ' '));
    throw error;
  }
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
