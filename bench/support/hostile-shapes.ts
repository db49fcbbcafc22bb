/**
 * The hostile feed shapes of the security review, at the sizes it reported (or `scale` of them), each beside an
 * ordinary feed of the same length. test/fixtures/hostile/ holds small ones for the regression tests; these are for
 * timing `newshound parse` on them.
 */
import { benignFeedOfLength } from '../../test/support/parse-time.js';

const rss = (channel: string, title = 'Hostile', link = 'https://hostile.example/') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>${link}</link>\n${channel}\n</channel></rss>\n`;
const item = (n: number, inner: string) => `<item><guid isPermaLink="false">item-${n}</guid><title>Item ${n}</title>${inner}</item>\n`;
const ordinary = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => item(from + i, `<description>Nothing to see ${from + i}.</description>`)).join('');
const fill = (unit: string, chars: number) => unit.repeat(Math.max(1, Math.round(chars / unit.length)));

export interface HostileShape {
  name: string;
  /** What it is, and what it did before. */
  what: string;
  text: string;
}

export function hostileShapes(scale = 1): HostileShape[] {
  const kb = (n: number) => Math.round(n * 1024 * scale);
  return [
    { name: 'html-tag-run', what: '`<a <a <a …` in an escaped item title (htmlToText)', text: rss(ordinary(0, 2) + `<item><guid>x</guid><title>${fill('&lt;a ', kb(198))}</title></item>\n` + ordinary(3, 5)) },
    { name: 'cdata-lt-run', what: '`<` run in CDATA (rss-parser contentSnippet)', text: rss(ordinary(0, 2) + item(2, `<description><![CDATA[${fill('<', kb(300))}]]></description>`) + ordinary(3, 5)) },
    { name: 'unclosed-xhtml', what: 'unclosed `<title type="xhtml">` (prepareXml)', text: rss(ordinary(0, 2) + `<item><guid>u</guid>` + fill(`<title type="xhtml">${'x'.repeat(20)}`, kb(1600))) },
    {
      name: 'entity-expansion',
      what: '4 declared 1 KB entities referenced to fill the document (size cap before expansion)',
      text:
        `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${[...'abcd'].map((c) => `<!ENTITY ${c} "${c.repeat(1024)}">`).join('\n')}\n]>\n` +
        rss(item(0, `<description>${fill('&a;&b;&c;&d;', kb(1200))}</description>`)).replace(/^<\?xml[^>]*>\n/, ''),
    },
    { name: 'oversized-fields', what: `${kb(450) >> 10} KB feed title and item <link>`, text: rss(item(0, `<link>https://hostile.example/${'a'.repeat(kb(450))}</link>`) + ordinary(1, 5), 'T'.repeat(kb(450))) },
    {
      name: 'many-items',
      what: `${Math.round(20_000 * scale)} items`,
      text: rss(Array.from({ length: Math.round(20_000 * scale) }, (_, i) => `<item><guid>${i}</guid><title>Story ${i}</title><link>https://hostile.example/${i}</link><pubDate>${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString()}</pubDate></item>\n`).join('')),
    },
  ];
}

export { benignFeedOfLength };
