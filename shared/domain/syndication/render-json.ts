import { Feed } from 'feed';
import type { FeedDocument } from './model.js';

const JSON_FEED_1_1 = 'https://jsonfeed.org/version/1.1';

/**
 * JSON Feed 1.1. The package emits 1.0 (`version/1`, singular `author`, no `hubs`), so its output is
 * upgraded here: version, `authors` arrays and the WebSub hub. Matches ride in a `_newshound` extension.
 */
export function renderJson(doc: FeedDocument): string {
  const feed = new Feed({
    id: doc.id,
    title: doc.title,
    description: doc.description,
    link: doc.homeUrl,
    updated: doc.updated,
    feedLinks: { json: doc.selfUrls.json },
  });
  for (const item of doc.items) {
    feed.addItem({
      title: item.title,
      id: item.id,
      link: item.link ?? '',
      date: item.date,
      ...(item.published ? { published: item.published } : {}),
      ...(item.summary ? { description: item.summary } : {}),
      content: item.contentHtml,
      category: item.categories.map((name) => ({ name })),
      ...(item.author ? { author: [{ name: item.author }] } : {}),
      extensions: [{ name: '_newshound', objects: { source: item.source, matches: item.matches, ...(item.alsoReportedBy.length ? { alsoReportedBy: item.alsoReportedBy } : {}) } }],
    });
  }
  const v1 = JSON.parse(feed.json1()) as { items: Record<string, unknown>[] } & Record<string, unknown>;
  const { version: _version, author: _author, items, ...head } = v1;
  const upgraded = {
    version: JSON_FEED_1_1,
    ...head,
    ...(doc.hubUrl ? { hubs: [{ type: 'WebSub', url: doc.hubUrl }] } : {}),
    authors: [{ name: 'newshound' }],
    items: items.map(({ author, ...item }) => ({ ...item, ...(author ? { authors: [author] } : {}) })),
  };
  return `${JSON.stringify(upgraded, null, 2)}\n`;
}
