import { topics as configuredTopics } from '../../infra/config/topics.js';
import { MemoryStoryStore } from '../../shared/adapters/memory/memory-story-store.js';
import { DEFAULT_STORY_OPTIONS } from '../../shared/domain/stories/index.js';
import { compileTopics } from '../../shared/domain/topics/index.js';
import type { StoryArticle } from '../../shared/ports/story-assigner.js';
import { ArgumentError, type CommandLine, runCommandLine } from '../command-line.js';
import { readFeedEntries } from './match.js';

export const summary = 'Group the articles of feed files or URLs into stories (the same event across feeds and languages)';

const WINDOW_HOURS = DEFAULT_STORY_OPTIONS.windowMs / 3_600_000;

export const commandLine: CommandLine = {
  name: 'stories',
  usage: `Usage: newshound stories [--json] [--allow-loopback] <feed-file-or-url>...

  --json              print {"stories": [{"id", "items": [{"id", "link", "title", "feed"}]}]}
  --allow-loopback    allow fetching from 127.0.0.1 / localhost (testing a local feed server)
  -h, --help          this help

Groups the items of all the given feeds as the poller does: in order of publication, an article joins the story
of the most similar article published within ${WINDOW_HOURS} hours, when they share a rare name, number or date and
their headlines name the same thing; names, numbers, dates and the configured topics' aliases count across English
and Russian. Without --json, each story lists its items and why each joined (the shared names, numbers and words).
Feeds are read from files, or fetched over http(s) with the same guarded client the poller uses; "feed" is the
argument that named the feed. Items without a date count as published now.

Environment: none

Exit status: 0 grouped; 2 bad input (arguments, no such file, not a feed, unreachable).`,
  options: {
    json: { type: 'boolean', default: false },
    'allow-loopback': { type: 'boolean', default: false },
  },
};

interface GroupedItem {
  id: string;
  link?: string;
  title: string;
  feed: string;
  evidence: string[];
}

export function run(argv: string[]): Promise<number> {
  return runCommandLine(commandLine, argv, async (args) => {
    if (args.positionals.length === 0) throw new ArgumentError('which feeds? give one or more feed files or URLs');
    const now = new Date().toISOString();
    const articles: (StoryArticle & { entryId: string })[] = [];
    for (const [index, source] of args.positionals.entries()) {
      const entries = await readFeedEntries(source, { allowLoopback: args.values['allow-loopback'] === true });
      for (const entry of entries) {
        articles.push({
          id: `${index}:${entry.id}`,
          entryId: entry.id,
          feedId: source,
          title: entry.title,
          text: entry.content ?? entry.summary,
          ...(entry.link ? { link: entry.link } : {}),
          sourceTitle: source,
          ...(entry.published ? { published: entry.published } : {}),
          firstSeen: now,
        });
      }
    }
    const time = (a: StoryArticle) => a.published ?? a.firstSeen;
    articles.sort((x, y) => time(x).localeCompare(time(y)));
    const store = new MemoryStoryStore({ topics: compileTopics(configuredTopics) });
    const stories = new Map<string, GroupedItem[]>();
    const entryIdOf = new Map(articles.map((a) => [a.id, a.entryId]));
    for (const article of articles) {
      const { storyId, evidence } = await store.assign(article);
      const item: GroupedItem = { id: article.entryId, ...(article.link ? { link: article.link } : {}), title: article.title, feed: article.feedId, evidence };
      const list = stories.get(storyId);
      if (list) list.push(item);
      else stories.set(storyId, [item]);
    }
    const grouped = [...stories].map(([storyId, items]) => ({ id: entryIdOf.get(storyId) ?? storyId, items }));
    if (args.values.json) {
      console.log(JSON.stringify({ stories: grouped.map((s) => ({ id: s.id, items: s.items.map(({ id, link, title, feed }) => ({ id, ...(link ? { link } : {}), title, feed })) })) }));
    } else printStories(grouped, articles.length);
    return 0;
  });
}

function printStories(stories: { id: string; items: GroupedItem[] }[], articles: number): void {
  for (const story of stories) {
    console.log(`${story.items.length > 1 ? '●' : '○'} story ${story.id} (${story.items.length} ${story.items.length === 1 ? 'article' : 'articles'})`);
    for (const [i, item] of story.items.entries()) {
      console.log(`  ${item.title || '(untitled)'} [${item.feed}]${item.link ? `\n    ${item.link}` : ''}`);
      if (i > 0) console.log(`    joined on: ${item.evidence.join(', ')}`);
    }
    console.log('');
  }
  console.log(`${articles} articles in ${stories.length} stories`);
}
