import { topics as configuredTopics } from '../../infra/config/topics.js';
import type { FeedEntry } from '../../shared/domain/article.js';
import { decodeFeedBytes } from '../../shared/domain/feed/decode.js';
import { FeedParseError } from '../../shared/domain/feed/feed-parse-error.js';
import { parseFeed } from '../../shared/domain/feed/parse-feed.js';
import type { MatchedTerm, TopicMatch } from '../../shared/domain/topic.js';
import { ACCEPT_HTML, GuardedHttpFetcher } from '../../shared/adapters/http/guarded-fetcher.js';
import { MemoryHostPacer } from '../../shared/adapters/memory/memory-host-pacer.js';
import { WorkerPageExtractor } from '../../shared/adapters/worker-threads/worker-page-extractor.js';
import { matchWithPage } from '../../shared/domain/full-text/match-with-page.js';
import { compileTopics, type TopicQuery } from '../../shared/domain/topics/index.js';
import { emptyTally, PageBudget, pageTextFor, type FullTextDeps, type PageTally } from '../../shared/usecases/fetch-page-text.js';
import { ArgumentError, type CommandLine, runCommandLine, stringOption, UsageError } from '../command-line.js';
import { readFeedInput } from '../feed-input.js';
import { readTopicsFile } from './topics.js';

/** At most this many article pages per run of `match --full-text`. */
const CLI_PAGE_LIMIT = 100;

export const summary = 'Show which topics the articles of a feed file or URL match, and why';

export const commandLine: CommandLine = {
  name: 'match',
  usage: `Usage: newshound match [--topics FILE.json | --query "QUERY"] [--full-text] [--json] [--allow-loopback] <feed-file-or-url>

  --topics FILE.json  topics to match: [{"id": "...", "query": "..."}]
  --query "QUERY"     one ad-hoc query (topic id "query")
                      (neither: the topics configured in infra/config/topics.ts)
  --full-text         for items whose feed text is only a summary (short, or ending in "…", "[…]"), fetch the
                      article page and match its main text too, as the poller does for feeds with fullText
                      "auto"; a page that fails (404, timeout, not HTML, too large, too little text) leaves the
                      excerpt. Pages are fetched one at a time, a second apart per site, at most ${CLI_PAGE_LIMIT} pages.
  --json              print {"items": [{"id", "title", "fullText"?, "topics": [{"id", "terms": [...]}]}]};
                      with --full-text, "fullText" is true when the page's text was matched, else false; a
                      term found in the page has "source": "page" and its "paragraph" (from 1)
  --allow-loopback    allow fetching from 127.0.0.1 / localhost (testing a local feed server and its pages)
  -h, --help          this help

The feed is read from a file, or fetched over http(s) with the same guarded client the poller uses (article
pages too: the same SSRF rules, redirect limit, and a size and time cap per page).
Query syntax: docs/query-language.md

Environment: none

Exit status: 0 matched (whether or not any article matched); 2 bad input (arguments, a query, the topics file,
no such file, not a feed, unreachable).`,
  options: {
    topics: { type: 'string' },
    query: { type: 'string' },
    json: { type: 'boolean', default: false },
    'allow-loopback': { type: 'boolean', default: false },
    'full-text': { type: 'boolean', default: false },
  },
};

export interface MatchedItem {
  id: string;
  title: string;
  link?: string;
  /** With --full-text: whether the article page's text was matched. */
  fullText?: boolean;
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
    const allowLoopback = args.values['allow-loopback'] === true;
    const entries = await readFeedEntries(args.positionals[0]!, { allowLoopback });
    const pages = args.values['full-text'] === true ? cliPageText(allowLoopback) : undefined;
    const items: MatchedItem[] = [];
    try {
      for (const entry of entries) {
        const pageText = pages ? await pageTextFor(pages.budget, 'auto', entry, pages.tally) : undefined;
        items.push({
          id: entry.id,
          title: entry.title,
          ...(entry.link ? { link: entry.link } : {}),
          ...(pages ? { fullText: pageText !== undefined } : {}),
          topics: matchWithPage(compiled, { title: entry.title, excerpt: entry.summary, pageText }).map((m: TopicMatch) => ({ id: m.topicId, terms: m.terms })),
        });
      }
    } finally {
      await pages?.close();
    }
    if (args.values.json) console.log(JSON.stringify({ items: items.map(({ id, title, fullText, topics: t }) => ({ id, title, ...(fullText !== undefined ? { fullText } : {}), topics: t })) }));
    else printItems(items, pages?.tally);
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

/** Human-readable terms: `CSTO (title): “…snippet…”`, `Karabakh (page, paragraph 9): “…”`. */
export function describeTerms(terms: MatchedTerm[], indent: string): string[] {
  return terms.map((t) => `${indent}${t.term} (${t.source === 'page' ? `page, paragraph ${t.paragraph}` : t.field}): “${t.snippet}”`);
}

/** Article pages as the poller fetches them (the guarded fetcher, extraction on a worker, one request at a time per site), with the CLI's caps. */
function cliPageText(allowLoopback: boolean) {
  const extractor = new WorkerPageExtractor({ deadlineMs: 5000 });
  const deps: FullTextDeps = {
    pageFetcher: new GuardedHttpFetcher({ allowLoopback, timeoutMs: 10_000, maxBytes: 1024 * 1024, accept: ACCEPT_HTML }),
    extractor,
    pacer: new MemoryHostPacer(1000),
    config: { maxPagesPerPoll: CLI_PAGE_LIMIT, pageBudgetMs: 10 * 60_000, perPageMs: 15_000 },
  };
  return { budget: new PageBudget(deps), tally: emptyTally(), close: () => extractor.close() };
}

function printItems(items: MatchedItem[], pages?: PageTally): void {
  for (const item of items) {
    const page = item.fullText === undefined ? '' : item.fullText ? ' [full text]' : ' [excerpt]';
    console.log(`${item.topics.length > 0 ? '●' : '○'} ${item.title || '(untitled)'}${page}${item.link ? `\n  ${item.link}` : ''}`);
    if (item.topics.length === 0) console.log('  no topic matched');
    for (const topic of item.topics) {
      console.log(`  → ${topic.id}`);
      for (const line of describeTerms(topic.terms, '      ')) console.log(line);
    }
    console.log('');
  }
  const matched = items.filter((i) => i.topics.length > 0).length;
  console.log(`${matched} of ${items.length} articles matched`);
  if (pages) console.log(`article pages: ${pages.fetched} matched, ${pages.failed} fell back to the excerpt${pages.skipped ? `, ${pages.skipped} not tried` : ''}${pages.lastFailure ? ` (last failure: ${pages.lastFailure.url}: ${pages.lastFailure.reason})` : ''}`);
}
