import { Feed } from 'feed';
import type { FeedDocument } from './model.js';
import { attributeValue, cdataValue, finishXml, textValue } from './xml-safety.js';
import { escapeMarkup } from './text.js';

/** Atom 1.0. The package marks entry titles type="html", so they are HTML-escaped text. */
export function renderAtom(doc: FeedDocument): string {
  const feed = new Feed({
    id: doc.id,
    title: textValue(doc.title),
    description: textValue(doc.description),
    link: doc.homeUrl,
    updated: doc.updated,
    generator: 'newshound',
    // Atom requires an author on the feed when entries may lack one.
    author: { name: 'newshound' },
    feedLinks: { atom: doc.selfUrls.atom },
    ...(doc.hubUrl ? { hub: doc.hubUrl } : {}),
  });
  for (const item of doc.items) {
    feed.addItem({
      title: cdataValue(escapeMarkup(item.title)),
      id: item.id,
      // The package requires a link on every entry; without an original we point at the feed's page.
      link: item.link ?? doc.homeUrl,
      date: item.date,
      ...(item.published ? { published: item.published } : {}),
      ...(item.summary ? { description: cdataValue(escapeMarkup(item.summary)) } : {}),
      content: cdataValue(item.contentHtml),
      category: item.categories.map((name) => ({ term: attributeValue(name), name: attributeValue(name) })),
      ...(item.author ? { author: [{ name: textValue(item.author) }] } : {}),
    });
  }
  return finishXml(feed.atom1());
}
