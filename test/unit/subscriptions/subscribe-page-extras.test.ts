import { describe, expect, it } from 'vitest';
import type { Article } from '../../../shared/domain/article.js';
import type { ArticleMatched } from '../../../shared/domain/topic.js';
import { handleSubscriptionRequest } from '../../../shared/usecases/subscriptions/http-api.js';
import type { HttpRequest } from '../../../shared/usecases/subscriptions/http-types.js';
import { anArticle, aMatch } from '../../support/factories.js';
import { harness } from './fixtures.js';

const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;

const get = (query = ''): HttpRequest => ({ method: 'GET', path: '/subscribe', query: new URLSearchParams(query), headers: { accept: 'text/html' }, body: '', sourceIp: '198.51.100.7' });

function withRecent(articles: Article[], matches: ArticleMatched[], overrides: Parameters<typeof harness>[1] = {}) {
  const h = harness([], { telegramBotUsername: 'newshound_local_bot', ...overrides });
  const byId = new Map(articles.map((a) => [a.id, a]));
  const deps = {
    ...h.web,
    recent: {
      matches: { latestForTopic: async (topicId: string, limit: number) => matches.filter((m) => m.topicId === topicId).slice(0, limit) },
      articles: { get: async (id: string) => byId.get(id) },
    },
  };
  return { ...h, deps };
}

describe('subscribe page: Telegram', () => {
  it('offers the bot, and answers the chosen topics with the deep link', async () => {
    const { deps } = withRecent([], []);
    const form = await handleSubscriptionRequest(deps, get());
    expect(form.body).toContain('Or get alerts on Telegram');
    expect(form.body).toMatch(/<form method="get" action="\/subscribe#telegram">/);
    expect(form.body).not.toContain('https://t.me/');

    const chosen = await handleSubscriptionRequest(deps, get('via=telegram&topics=csto&topics=nagorno-karabakh&topics=nato'));
    expect(chosen.status).toBe(200);
    expect(chosen.body).toContain('href="https://t.me/newshound_local_bot?start=csto_nagorno-karabakh"');
  });

  it('says what to fix when no topic is chosen', async () => {
    const { deps } = withRecent([], []);
    const none = await handleSubscriptionRequest(deps, get('via=telegram'));
    expect(none.status).toBe(400);
    expect(none.body).toContain('Choose at least one topic.');
  });

  it('says what to fix when the topics do not fit one link', async () => {
    const long = [{ id: 'a'.repeat(40), name: 'A' }, { id: 'b'.repeat(40), name: 'B' }];
    const { deps } = withRecent([], [], { topics: long });
    const res = await handleSubscriptionRequest(deps, get(`via=telegram&topics=${'a'.repeat(40)}&topics=${'b'.repeat(40)}`));
    expect(res.status).toBe(400);
    expect(res.body).toContain('choose fewer here, then add the rest in the chat with /subscribe');
    expect(res.body).not.toContain('https://t.me/');
  });

  it('has no Telegram part without a configured bot', async () => {
    const h = harness();
    expect((await handleSubscriptionRequest(h.web, get('via=telegram&topics=csto'))).body).not.toContain('Telegram');
  });
});

describe('subscribe page: recent matches', () => {
  it('lists each topic\'s newest matched articles, escaped, linking only http(s)', async () => {
    const articles = [
      anArticle({ id: 'a1', title: `Summit ${EVIL}`, sourceTitle: `Wire ${EVIL}`, link: `https://news.example.org/a?x=1&y="2"`, published: '2026-12-01T10:00:00.000Z' }),
      anArticle({ id: 'a2', title: 'Script link', sourceTitle: 'Bad', link: 'javascript:alert(1)' }),
    ];
    const matches = [aMatch({ articleId: 'a1', topicId: 'csto' }), aMatch({ articleId: 'a2', topicId: 'csto' }), aMatch({ articleId: 'gone', topicId: 'csto' })];
    const { deps } = withRecent(articles, matches);
    const page = (await handleSubscriptionRequest(deps, get())).body;
    expect(page).toContain('Recent matches');
    expect(page).toContain('Summit &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Wire &quot;&gt;&lt;script&gt;');
    expect(page).toContain('href="https://news.example.org/a?x=1&amp;y=%222%22"');
    expect(page).toContain('<time datetime="2026-12-01T10:00:00.000Z">2026-12-01</time>');
    expect(page).toContain('Script link');
    expect(page).not.toMatch(/javascript:/i);
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('Nothing matched yet.');
  });

  it('still shows the form when the matches cannot be read', async () => {
    const h = harness();
    const logged: string[] = [];
    const deps = {
      ...h.web,
      log: (event: string) => void logged.push(event),
      recent: { matches: { latestForTopic: async () => Promise.reject(new Error('AccessDenied')) }, articles: { get: async () => undefined } },
    };
    const res = await handleSubscriptionRequest(deps, get());
    expect(res.status).toBe(200);
    expect(res.body).toContain('Get news alerts by email');
    expect(logged).toContain('recent matches unreadable');
  });
});
