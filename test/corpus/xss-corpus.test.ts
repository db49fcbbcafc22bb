/**
 * The feedparser sanitizer corpus (XSS payloads in titles, descriptions and content) rendered to email and Telegram:
 * nothing executable survives in the email HTML, and the Telegram stand-in (Telegram's HTML rules) accepts every message.
 * Each file is rendered twice: through the real parser (parseFeed → Article) and, as a worst case, with the raw
 * markup handed to the renderer as if it were text.
 */
import { decodeHTML } from 'entities';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramBotClient } from '../../shared/adapters/telegram/telegram-bot-client.js';
import { toArticle, type Article } from '../../shared/domain/article.js';
import { decodeFeedBytes } from '../../shared/domain/feed/decode.js';
import { parseFeed } from '../../shared/domain/feed/parse-feed.js';
import { buildAlertView } from '../../shared/domain/render/alert-view.js';
import { renderAlertEmail, renderDigestEmail } from '../../shared/domain/render/email.js';
import { renderAlertTelegram, renderDigestTelegram } from '../../shared/domain/render/telegram.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../infra/local/telegram-stand-in.js';
import { listCorpus, readCorpus } from '../support/corpus.js';
import { ManualClock } from '../support/manual-clock.js';
import { executableParts } from '../unit/delivery/html-safety.js';

const FOLDER = ['feedparser', 'tests', 'wellformed', 'sanitize'];
const files = listCorpus(...FOLDER);
const topics = [{ id: 'csto', name: 'CSTO' }];
const matches = [{ topicId: 'csto', terms: [{ term: 'CSTO', field: 'text' as const, snippet: '<script>alert("snippet")</script>' }] }];
const links = { unsubscribeUrl: 'https://news.example/unsubscribe?token=t', preferencesUrl: 'https://news.example/preferences?token=p' };
const NOW = new Date('2026-11-20T12:00:00Z');

/** Worst case: the markup inside title/description/content, entity-decoded once, as if a normaliser had let it through. */
function rawArticles(text: string, file: string): Article[] {
  const field = (tag: string) => [...text.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi'))].map((m) => decodeHTML(m[1]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')));
  const titles = field('title');
  const bodies = [...field('description'), ...field('summary'), ...field('content'), ...field('content:encoded')];
  const links = [...text.matchAll(/<link[^>]*href=["']([^"']*)["']/gi)].map((m) => decodeHTML(m[1]!));
  return [{ id: `raw-${file}`, feedId: 'corpus', title: titles.join(' '), link: links[0] ?? 'javascript:alert(1)', summary: bodies.join('\n\n'), sourceTitle: titles[0] ?? '', firstSeen: NOW.toISOString() }];
}

async function parsedArticles(text: string, file: string): Promise<Article[]> {
  const parsed = await parseFeed(text, { feedUrl: `http://127.0.0.1:8097/${file}` });
  return parsed.items.map((entry) => toArticle(entry, { feedId: 'corpus', title: parsed.feed.title }, NOW));
}

describe('XSS corpus rendered to email and Telegram', () => {
  let standIn: TelegramStandIn;
  const clock = new ManualClock(0);
  let client: TelegramBotClient;
  beforeAll(async () => {
    // Telegram's rules in full; the clock moves 2 s per request so rate limits never hide a verdict on content.
    standIn = await startTelegramStandIn({ botToken: 'corpus:token', now: () => clock.advance({ seconds: 2 }).getTime() });
    client = new TelegramBotClient({ botToken: 'corpus:token', apiBase: standIn.url });
  });
  afterAll(() => standIn.close());

  it('has the corpus files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it('the checker is not vacuous: it flags the raw payloads', () => {
    const hostile = files.filter((f) => /_(script|onclick|onerror|onload|onfocus|onmouseover|iframe|object|embed|applet|frame)/.test(path.basename(f)));
    expect(hostile.length).toBeGreaterThan(15);
    for (const file of hostile) {
      const [raw] = rawArticles(decodeFeedBytes(readCorpus(file)).text, file);
      expect(executableParts(`${raw!.title}${raw!.summary}`), file).not.toEqual([]);
    }
  });

  it.each(files.map((f) => [path.basename(f), f]))('%s', async (_name, file) => {
    const text = decodeFeedBytes(readCorpus(file)).text;
    const articles = [...(await parsedArticles(text, file)), ...rawArticles(text, path.basename(file))];
    expect(articles.length).toBeGreaterThan(1);
    const views = articles.map((a) => buildAlertView(a, matches, topics, 'UTC'));
    const emails = [...views.map((v) => renderAlertEmail(v, links)), renderDigestEmail(views, { ...links, heading: 'Digest', notice: '<script>alert(1)</script>' })];
    for (const email of emails) {
      expect(executableParts(email.html)).toEqual([]);
      expect(email.subject).not.toMatch(/[\r\n]/);
    }
    const messages = [...views.flatMap((v) => renderAlertTelegram(v)), ...renderDigestTelegram(views, { heading: 'Digest' })];
    const before = standIn.sent().length;
    for (const text of messages) {
      await expect(client.sendMessage({ chat_id: '1', text, parse_mode: 'HTML' }), text).resolves.toMatchObject({ messageId: expect.any(Number) });
    }
    const accepted = standIn.sent().slice(before);
    expect(accepted).toHaveLength(messages.length);
    for (const m of accepted) for (const e of m.entities) if (e.url !== undefined) expect(e.url).toMatch(/^https?:\/\//);
  });
});
