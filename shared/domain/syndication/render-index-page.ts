import { PAGE_STYLESHEET } from '../pages/layout.js';
import type { FeedCatalog, FeedListing } from './feed-catalog.js';
import { escapeMarkup as e } from './text.js';

/** The HTML index of every feed: autodiscovery links in the head, one entry per feed with each format. */
export function renderIndexPage(catalog: FeedCatalog): string {
  const all = [catalog.combined, ...catalog.topics];
  const discovery = all
    .map((l) => `<link rel="alternate" type="application/rss+xml" title="${e(l.name)}" href="${e(l.urls.rss)}">`)
    .join('\n    ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${e(catalog.title)}</title>
    ${discovery}
    <style>${PAGE_STYLESHEET}</style>
  </head>
  <body>
    <header class="site"><strong>newshound</strong></header>
    <main id="main">
      <h1>${e(catalog.title)}</h1>
      <p>Each feed comes as RSS 2.0, Atom 1.0 and JSON Feed 1.1. <a href="${e(catalog.opmlUrl)}">Subscribe to all (OPML)</a>.</p>
      <ul>
${all.map(listItem).join('\n')}
      </ul>
    </main>
  </body>
</html>
`;
}

function listItem(l: FeedListing): string {
  const links = [
    `<a href="${e(l.urls.rss)}">RSS</a>`,
    `<a href="${e(l.urls.atom)}">Atom</a>`,
    `<a href="${e(l.urls.json)}">JSON Feed</a>`,
  ].join(' · ');
  const description = l.description ? `<br>${e(l.description)}` : '';
  return `        <li id="${e(l.id)}"><strong>${e(l.name)}</strong> — ${links}${description}</li>`;
}
