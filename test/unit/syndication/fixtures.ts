import type { Article } from '../../../shared/domain/article.js';
import type { FeedTopic, TopicFeedItem } from '../../../shared/domain/syndication/index.js';
import type { ArticleMatched, Topic } from '../../../shared/domain/topic.js';

/** A fixed set of topics, articles and matches: the golden files are rendered from exactly this. */
export const goldenTopics: Topic[] = [
  { id: 'csto', name: 'CSTO', query: 'CSTO OR ОДКБ', description: 'The Collective Security Treaty Organization (ОДКБ).' },
  { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh', query: '"Nagorno Karabakh" OR Карабах' },
];

export const goldenArticles: Article[] = [
  {
    id: 'world-wire:csto-summit-minsk',
    feedId: 'world-wire',
    title: 'CSTO leaders meet in Minsk as Armenia stays away',
    link: 'https://world-wire.example/news/csto-summit-minsk?utm_source=x&ref=rss',
    summary: 'Heads of state of the Collective Security Treaty Organization met in Minsk on Thursday.\n\nArmenia did not attend.',
    published: '2026-11-20T09:30:00.000Z',
    author: 'Desk <desk@world-wire.example>',
    sourceTitle: 'World Wire',
    firstSeen: '2026-11-20T09:35:00.000Z',
  },
  {
    id: 'kavkaz-lenta:karabakh-talks',
    feedId: 'kavkaz-lenta',
    title: 'Переговоры о Нагорном Карабахе — «новый раунд» 🕊️',
    link: 'https://kavkaz-lenta.example/2026/11/karabakh',
    summary: 'Стороны встретились в Женеве. ОДКБ не участвует.',
    published: '2026-11-20T08:00:00.000Z',
    sourceTitle: 'Кавказ-Лента',
    firstSeen: '2026-11-20T08:10:00.000Z',
  },
  {
    id: 'world-wire:nasty',
    feedId: 'world-wire',
    title: 'Nasty ]]> </title> <item> & "quotes" \u0007 CSTO 😀',
    summary: 'No link, a bell \u0007 and <b>markup</b> as text.',
    sourceTitle: 'World Wire',
    firstSeen: '2026-11-19T12:00:00.000Z',
  },
];

export const goldenMatches: ArticleMatched[] = [
  { articleId: 'world-wire:csto-summit-minsk', topicId: 'csto', matchedAt: '2026-11-20T09:35:01.000Z', terms: [{ term: 'CSTO', field: 'title', snippet: 'CSTO leaders meet in Minsk' }, { term: 'Collective Security Treaty Organization', field: 'text', snippet: 'of the Collective Security Treaty Organization met' }] },
  { articleId: 'kavkaz-lenta:karabakh-talks', topicId: 'nagorno-karabakh', matchedAt: '2026-11-20T08:10:01.000Z', terms: [{ term: 'Nagorno Karabakh', field: 'title', snippet: 'о Нагорном Карабахе' }] },
  { articleId: 'kavkaz-lenta:karabakh-talks', topicId: 'csto', matchedAt: '2026-11-20T08:10:02.000Z', terms: [{ term: 'ОДКБ', field: 'text', snippet: 'ОДКБ не участвует' }] },
  { articleId: 'world-wire:nasty', topicId: 'csto', matchedAt: '2026-11-19T12:00:01.000Z', terms: [{ term: 'CSTO', field: 'title', snippet: '"quotes" CSTO' }] },
];

export const BASE_URL = 'https://news.example.org';
export const HUB_URL = 'https://hub.example.org/';

export function topicItems(topicId: string): TopicFeedItem[] {
  return goldenMatches
    .filter((m) => m.topicId === topicId)
    .map((m) => ({ article: goldenArticles.find((a) => a.id === m.articleId)!, matchedAt: m.matchedAt, terms: m.terms }));
}

export const feedTopic = (t: Topic): FeedTopic => ({ id: t.id, name: t.name, ...(t.description ? { description: t.description } : {}) });

/** Titles that break naive feed writers; each must come back exactly (control characters removed). */
export const nastyTitles: { title: string; expected: string }[] = [
  { title: 'Ends CDATA ]]> early', expected: 'Ends CDATA ]]> early' },
  { title: 'Twice ]]> and ]]> again', expected: 'Twice ]]> and ]]> again' },
  { title: ']]]]>]]>', expected: ']]]]>]]>' },
  { title: 'Closes </title> the title', expected: 'Closes </title> the title' },
  { title: 'Opens <item> an item', expected: 'Opens <item> an item' },
  { title: '<![CDATA[ nested', expected: '<![CDATA[ nested' },
  { title: 'Entities &amp; &lt; & < > " \'', expected: 'Entities &amp; &lt; & < > " \'' },
  { title: 'Bell\u0007 NUL\u0000 ESC\u001b DEL\u007f C1\u0085 gone', expected: 'Bell NUL ESC DEL C1 gone' },
  { title: 'Emoji 😀 🇦🇲 👩‍👩‍👧 and ZWJ', expected: 'Emoji 😀 🇦🇲 👩‍👩‍👧 and ZWJ' },
  { title: 'Lone surrogate \uD83D here', expected: 'Lone surrogate  here' },
  { title: 'Кириллица «ОДКБ» — ü é ß', expected: 'Кириллица «ОДКБ» — ü é ß' },
  { title: 'Line\nbreak\tand tab', expected: 'Line break and tab' },
];
