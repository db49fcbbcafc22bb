/** The cost scenario's made-up news: RSS documents of ~15 KB whose items match a topic only when told to. */

const WORDS =
  'summit leaders regional talks border agreement minister press economy energy government parliament election market report statement harvest railway bridge festival museum weather storm school budget hospital court trade port tourism exports bank rates'.split(' ');

/** A word the synthetic topics match and nothing else contains: letters only, one per topic. */
export const topicToken = (n: number) => `zq${String.fromCharCode(97 + Math.floor(n / 26))}${String.fromCharCode(97 + (n % 26))}vex`;

export function words(seed: number, n: number): string {
  return Array.from({ length: n }, (_, i) => WORDS[(seed * 7 + i * 13 + (i * i) % 11) % WORDS.length]).join(' ');
}

export interface FeedItem {
  n: number;
  /** Text that makes it match a topic, if any. */
  topical?: string;
  at: number;
}

function itemXml(feed: number, item: FeedItem): string {
  const text = words(feed * 31 + item.n, 95);
  const title = `${item.topical ? `${item.topical} ` : ''}${words(feed + item.n * 3, 9)} ${feed}-${item.n}`;
  return (
    `<item><title>${title}</title><link>https://site${feed}.example/news/${item.n}?utm_source=rss</link>` +
    `<guid isPermaLink="false">site${feed}-${item.n}</guid><pubDate>${new Date(item.at).toUTCString()}</pubDate>` +
    `<description><![CDATA[<p>${item.topical ? `${item.topical}: ` : ''}${text}</p>]]></description></item>`
  );
}

export function feedXml(feed: number, items: FeedItem[], builtAt: number): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site ${feed}</title><link>https://site${feed}.example/</link>` +
    `<description>News from site ${feed}</description><lastBuildDate>${new Date(builtAt).toUTCString()}</lastBuildDate>${items.map((i) => itemXml(feed, i)).join('')}</channel></rss>`
  );
}
