import type { FeedCatalog, FeedListing } from './feed-catalog.js';
import { escapeMarkup as e } from './text.js';

/** OPML 2.0 subscription list (one RSS outline per feed) for readers' "import". */
export function renderOpml(catalog: FeedCatalog): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>${e(catalog.title)}</title>
    <docs>http://opml.org/spec2.opml</docs>
  </head>
  <body>
${[catalog.combined, ...catalog.topics].map(outline).join('\n')}
  </body>
</opml>
`;
}

function outline(l: FeedListing): string {
  const description = l.description ? ` description="${e(l.description)}"` : '';
  return `    <outline type="rss" version="RSS2" text="${e(l.name)}" title="${e(l.name)}" xmlUrl="${e(l.urls.rss)}" htmlUrl="${e(l.htmlUrl)}"${description}/>`;
}
