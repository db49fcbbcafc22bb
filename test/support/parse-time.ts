import { parseFeed } from '../../shared/domain/feed/parse-feed.js';
import { rssFeed } from './feed-builder.js';

/** An ordinary RSS feed of at least `length` characters: the yardstick hostile documents are timed against. */
export function benignFeedOfLength(length: number): string {
  const item = (i: number) => ({
    id: `benign-${i}`,
    title: `CSTO leaders meet in Yerevan, day ${i}`,
    link: `https://benign.example/news/${i}`,
    published: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    description: `<p>Talks on <b>Nagorno-Karabakh</b> went on &amp; on; item ${i}.</p>`,
  });
  const feed = (n: number) => rssFeed({ title: 'Benign', link: 'https://benign.example/', items: Array.from({ length: n }, (_, i) => item(i)) });
  const perItem = feed(2).length - feed(1).length;
  let text = feed(Math.ceil(length / perItem));
  for (let n = Math.ceil(length / perItem) + 1; text.length < length; n++) text = feed(n);
  return text;
}

/** The fastest of `runs` parses of `text` in ms (the fastest, not the mean: a busy machine only ever adds time). */
export async function fastestParse(text: string, runs = 5): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await parseFeed(text, { feedUrl: 'https://hostile.example/feed' }).catch(() => undefined);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
