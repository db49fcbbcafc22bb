import { Feed } from 'feed';
import type { FeedDocument } from './model.js';
import { cdataValue, finishXml, textValue } from './xml-safety.js';
import { escapeMarkup } from './text.js';

/** RSS 2.0. Titles are plain text in CDATA (what RSS readers expect); description and content are HTML. */
export function renderRss(doc: FeedDocument): string {
  const feed = new Feed({
    id: doc.id,
    title: textValue(doc.title),
    description: textValue(doc.description),
    link: doc.homeUrl,
    updated: doc.updated,
    generator: 'newshound',
    feedLinks: { rss: doc.selfUrls.rss },
    ...(doc.hubUrl ? { hub: doc.hubUrl } : {}),
  });
  for (const item of doc.items) {
    feed.addItem({
      title: cdataValue(item.title),
      id: item.id,
      link: item.link ?? '',
      date: item.date,
      ...(item.published ? { published: item.published } : {}),
      ...(item.summary ? { description: cdataValue(escapeMarkup(item.summary)) } : {}),
      content: cdataValue(item.contentHtml),
      category: item.categories.map((name) => ({ name: textValue(name) })),
      // RSS <author> must be an e-mail address; a plain name belongs in dc:creator.
      ...(item.author ? { extensions: [{ name: 'dc:creator', objects: { _text: textValue(item.author) } }] } : {}),
    });
  }
  return finishXml(feed.rss2());
}
