import { describe, expect, it } from 'vitest';
import { buildAlertView } from '../../../shared/domain/render/alert-view.js';
import { renderAlertEmail, renderDigestEmail } from '../../../shared/domain/render/email.js';
import { parseTelegramHtml } from '../../../shared/domain/render/telegram-html.js';
import { renderAlertTelegram, renderDigestTelegram } from '../../../shared/domain/render/telegram.js';
import { buildWebhookAlert } from '../../../shared/domain/render/webhook.js';
import { safeHttpUrl, truncate } from '../../../shared/domain/render/escape.js';
import { anArticle } from '../../support/factories.js';
import { executableParts } from './html-safety.js';

const topics = [
  { id: 'csto', name: 'CSTO' },
  { id: 'nk', name: 'Nagorno-Karabakh' },
];
const links = { unsubscribeUrl: 'https://news.example/unsubscribe?token=abc.def', preferencesUrl: 'https://news.example/preferences?token=ghi.jkl' };
const terms = [{ term: 'CSTO', field: 'title' as const, snippet: '… the CSTO summit …' }];

const hostile: [string, Partial<Parameters<typeof anArticle>[0]>][] = [
  ['script in title', { title: '<script>alert(1)</script> CSTO' }],
  ['handler in summary', { summary: '<img src=x onerror="alert(1)"> and <a href="javascript:alert(1)">x</a>' }],
  ['javascript: link', { link: 'javascript:alert(document.cookie)' }],
  ['data: link', { link: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' }],
  ['obfuscated scheme', { link: 'java\tscript:alert(1)' }],
  ['quote breaking out of href', { link: 'https://e.org/"><script>alert(1)</script>' }],
  ['iframe and style', { summary: '<iframe src="https://evil"></iframe><style>body{background:url(javascript:x)}</style>' }],
  ['entity-encoded tags stay text', { title: '&lt;b&gt;not bold&lt;/b&gt; & <b>' }],
  ['control characters', { title: 'Bell\u0007 and NUL\u0000 and\r\nCRLF' }],
  ['source with markup', { sourceTitle: '<marquee>Feed</marquee>' }],
];

describe('email rendering', () => {
  it('shows title, link, source, time, topic, terms and both links', () => {
    const article = anArticle({ title: 'CSTO leaders meet in Minsk', link: 'https://example.org/csto', sourceTitle: 'World Wire', published: '2026-11-20T10:00:00Z', summary: 'Heads of state met.\n\nSecond paragraph.' });
    const email = renderAlertEmail(buildAlertView(article, [{ topicId: 'csto', terms }], topics, 'Europe/Berlin'), links);
    expect(email.subject).toBe('[newshound] CSTO: CSTO leaders meet in Minsk');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('CSTO leaders meet in Minsk');
      expect(body).toContain('https://example.org/csto');
      expect(body).toContain('World Wire');
      expect(body).toContain('20 Nov 2026, 11:00 (Europe/Berlin)');
      expect(body).toContain('CSTO');
      expect(body).toContain('Second paragraph.');
    }
    expect(email.html).toContain('href="https://news.example/unsubscribe?token=abc.def"');
    expect(email.text).toContain('Unsubscribe: https://news.example/unsubscribe?token=abc.def');
    expect(email.html).toContain('<meta name="viewport"');
    expect(executableParts(email.html)).toEqual([]);
  });

  it.each(hostile)('escapes %s', (_name, overrides) => {
    const view = buildAlertView(anArticle(overrides), [{ topicId: 'csto', terms: [{ term: '<b>x</b>', field: 'text', snippet: '<script>s</script>' }] }], topics, 'UTC');
    const email = renderAlertEmail(view, links);
    expect(executableParts(email.html)).toEqual([]);
    // Text may mention "javascript:"; markup from the input may not survive as markup.
    expect(email.html).not.toMatch(/<script|<iframe|<style|<img|<marquee/i);
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    expect(email.subject).not.toMatch(/[\r\n\u0000-\u001f]/);
  });

  it('never links an unsafe URL', () => {
    const email = renderAlertEmail(buildAlertView(anArticle({ link: 'javascript:alert(1)' }), [], topics, 'UTC'), links);
    expect(email.html).not.toContain('Read the article');
  });

  it('renders a digest with a notice', () => {
    const views = [anArticle({ title: 'One' }), anArticle({ title: 'Two' })].map((a) => buildAlertView(a, [{ topicId: 'nk', terms: [] }], topics, 'UTC'));
    const email = renderDigestEmail(views, { ...links, heading: 'Storm digest', notice: 'Very busy <topic>' });
    expect(email.subject).toBe('[newshound] Storm digest: 2 alerts — Nagorno-Karabakh');
    expect(email.html).toContain('Very busy &lt;topic&gt;');
    expect(email.text).toContain('1. One');
    expect(email.text).toContain('2. Two');
    expect(executableParts(email.html)).toEqual([]);
  });
});

describe('email language', () => {
  const view = buildAlertView(anArticle({ title: 'CSTO' }), [{ topicId: 'csto', terms }], topics, 'UTC');

  it('puts the configured language on the <html> element of alerts and digests (English without one)', () => {
    expect(renderAlertEmail(view, links).html).toMatch(/<html lang="en">/);
    expect(renderAlertEmail(view, { ...links, lang: 'ru' }).html).toMatch(/<html lang="ru">/);
    expect(renderDigestEmail([view], { ...links, heading: 'Daily digest', lang: 'pt-BR' }).html).toMatch(/<html lang="pt-BR">/);
  });

  it('escapes it', () => {
    const html = renderAlertEmail(view, { ...links, lang: 'en"><script>alert(1)</script>' }).html;
    expect(html).toContain('<html lang="en&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">');
    expect(executableParts(html)).toEqual([]);
  });
});

describe('Telegram rendering', () => {
  it('renders one valid message with the title linked', () => {
    const article = anArticle({ title: 'Talks on Nagorno-Karabakh & "peace" <resume>', link: 'https://e.org/a?x=1&y=2' });
    const [msg, ...rest] = renderAlertTelegram(buildAlertView(article, [{ topicId: 'nk', terms: [{ term: 'Karabakh', field: 'title', snippet: 's' }] }], topics, 'UTC'));
    expect(rest).toEqual([]);
    expect(msg).toContain('<a href="https://e.org/a?x=1&amp;y=2"><b>Talks on Nagorno-Karabakh &amp; "peace" &lt;resume&gt;</b></a>');
    const parsed = parseTelegramHtml(msg!);
    expect(parsed.ok && parsed.text).toContain('Talks on Nagorno-Karabakh & "peace" <resume>');
  });

  it.each(hostile)('produces Telegram-valid HTML for %s', (_name, overrides) => {
    const parts = renderAlertTelegram(buildAlertView(anArticle(overrides), [{ topicId: 'csto', terms }], topics, 'UTC'));
    for (const p of parts) {
      const parsed = parseTelegramHtml(p);
      expect(parsed.ok).toBe(true);
      for (const e of parsed.ok ? parsed.entities : []) if (e.url !== undefined) expect(e.url).toMatch(/^https?:\/\//);
    }
  });

  it('splits a long digest into valid parts under 4096 characters', () => {
    const views = Array.from({ length: 40 }, (_, i) => buildAlertView(anArticle({ title: `Item ${i} 🇦🇲`, summary: 'Карабах & <b>'.repeat(60) }), [{ topicId: 'nk', terms }], topics, 'UTC'));
    const parts = renderDigestTelegram(views, { heading: 'Your daily digest' });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(parseTelegramHtml(p).ok).toBe(true);
    }
  });
});

describe('matched terms as words', () => {
  const matched = [
    { term: '"Collective Security Treaty Organization"', field: 'text' as const, snippet: 'the Collective Security Treaty Organization met' },
    { term: 'Карабах*', field: 'title' as const, snippet: 'Сёла Карабаха', words: 'Карабаха' },
    { term: '"AT&T <x>*"', field: 'text' as const, snippet: 'recorded before words were kept' },
  ];
  const view = buildAlertView(anArticle({ title: 'Сёла Карабаха' }), [{ topicId: 'csto', terms: matched }], topics, 'UTC');
  const words = ['Collective Security Treaty Organization', 'Карабаха', 'AT&T <x>'];

  it('in the alert view: no quotes, no `*`, the word the article had', () => {
    expect(view.matches[0]!.terms).toEqual(words);
  });

  it('in the email "matched" line, escaped in HTML', () => {
    const email = renderAlertEmail(view, links);
    expect(email.text).toContain(`matched ${words.join(', ')}`);
    expect(email.html).toContain('matched <strong>Collective Security Treaty Organization</strong>, <strong>Карабаха</strong>, <strong>AT&amp;T &lt;x&gt;</strong>');
    for (const body of [email.html, email.text]) expect(body).not.toMatch(/"Collective|&quot;Collective|Карабах\*|\*<\/strong>/);
  });

  it('in Telegram, escaped', () => {
    const [msg] = renderAlertTelegram(view);
    expect(msg).toContain('<code>Collective Security Treaty Organization</code>, <code>Карабаха</code>, <code>AT&amp;T &lt;x&gt;</code>');
    const parsed = parseTelegramHtml(msg!);
    expect(parsed.ok && parsed.text).not.toMatch(/"Collective|Карабах\*/);
  });
});

describe('webhook payload and helpers', () => {
  it('carries article, topics with provenance and a stable delivery id', () => {
    const article = anArticle({ link: 'javascript:x' });
    const payload = buildWebhookAlert(article, [{ topicId: 'csto', terms }], topics, { deliveryId: 'sub-1/webhook/a', now: new Date('2026-01-01T00:00:00Z') });
    expect(payload).toMatchObject({ type: 'newshound.alert', version: 1, deliveryId: 'sub-1/webhook/a', article: { id: article.id, link: null }, topics: [{ id: 'csto', name: 'CSTO', terms }] });
  });

  it.each([
    ['https://e.org/x', 'https://e.org/x'],
    ['http://e.org', 'http://e.org/'],
    [' https://e.org/a b', undefined],
    ['javascript:alert(1)', undefined],
    ['JAVASCRIPT:alert(1)', undefined],
    ['//e.org/x', undefined],
    ['/relative', undefined],
    ['https://user:pw@e.org/', undefined],
    ['ftp://e.org/', undefined],
    [undefined, undefined],
  ])('safeHttpUrl(%j) = %j', (input, expected) => {
    expect(safeHttpUrl(input)).toBe(expected);
  });

  it('truncates on code points, never inside a surrogate pair', () => {
    const t = truncate('😀'.repeat(10), 5);
    expect(Array.from(t)).toHaveLength(5);
    expect(t.endsWith('…')).toBe(true);
  });
});

describe('a match from the article page (full text)', () => {
  const pageTerm = { term: 'Karabakh', field: 'text' as const, snippet: '…after the fighting over Nagorno Karabakh in 2023…', source: 'page' as const, paragraph: 9 };
  const view = buildAlertView(anArticle({ title: 'CSTO council meets', summary: 'Ministers met…' }), [{ topicId: 'nk', terms: [pageTerm] }], topics, 'UTC');

  it('says in its snippet that it came from the page, and which paragraph', () => {
    expect(view.matches[0]!.snippet).toBe('article page, paragraph 9: …after the fighting over Nagorno Karabakh in 2023…');
  });

  it('shows it in the email (HTML and text; Telegram messages carry no snippets), and the webhook carries it as data', () => {
    const email = renderAlertEmail(view, links);
    expect(email.text).toContain('“article page, paragraph 9: …after the fighting over Nagorno Karabakh in 2023…”');
    expect(email.html).toContain('article page, paragraph 9: …after the fighting');
    const body = buildWebhookAlert(anArticle({ title: 'CSTO council meets' }), [{ topicId: 'nk', terms: [pageTerm] }], topics, { deliveryId: 'd', now: new Date('2026-12-01T00:00:00Z') });
    expect(JSON.stringify(body)).toContain('"source":"page","paragraph":9');
  });
});
