/**
 * The sample feeds as news: their items are re-dated when served, so the newest is minutes old and the rest follow
 * at a steady pace, and the adaptive schedule polls them as it polls a live feed (every 10–15 minutes) instead of
 * once a day, as it does for items over a week old. The files keep their written dates (they stay valid feeds);
 * only their order counts: the newest written date becomes NEWEST_AGE_MINUTES ago, each older one
 * GAP_MINUTES before the next.
 */

const NEWEST_AGE_MINUTES = 10;
const GAP_MINUTES = 20;
const MINUTE = 60_000;

/** RSS dates (RFC 822) and Atom / Dublin Core ones (RFC 3339); the feed's own <updated> moves with its newest entry. */
const DATE_ELEMENT = /<(pubDate|lastBuildDate|updated|published|dc:date)>([^<]*)<\/\1>/g;

export function redateSampleFeed(xml: string, now: Date): string {
  const written = new Set<number>();
  for (const [, , text] of xml.matchAll(DATE_ELEMENT)) {
    const time = Date.parse(text!.trim());
    if (Number.isFinite(time)) written.add(time);
  }
  const newestFirst = [...written].sort((a, b) => b - a);
  const served = new Map(newestFirst.map((time, rank) => [time, new Date(now.getTime() - (NEWEST_AGE_MINUTES + rank * GAP_MINUTES) * MINUTE)]));
  return xml.replace(DATE_ELEMENT, (element, name: string, text: string) => {
    const date = served.get(Date.parse(text.trim()));
    if (!date) return element;
    const value = name === 'pubDate' || name === 'lastBuildDate' ? date.toUTCString() : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return `<${name}>${value}</${name}>`;
  });
}
