import { describe, expect, it } from 'vitest';
import type { ArticleMatchesHandedOn } from '../../../shared/domain/messages.js';
import { fanOut } from '../../../shared/usecases/fan-out.js';
import { anArticle, aSubscriber } from '../../support/factories.js';
import { fanOutDeps, makeWorld, runAll, type World } from './harness.js';

const csto = { topicId: 'csto', terms: [{ term: 'CSTO', field: 'title' as const, snippet: 'CSTO summit' }] };
const nk = { topicId: 'nagorno-karabakh', terms: [{ term: 'Karabakh', field: 'text' as const, snippet: 'in Karabakh' }] };

function readers() {
  return [
    aSubscriber({ id: 'both-topics', email: 'both@example.org', topics: ['csto', 'nagorno-karabakh'], channels: ['email'] }),
    aSubscriber({ id: 'csto-only', email: 'csto@example.org', telegramChatId: '1001', topics: ['csto'], channels: ['email', 'telegram'] }),
    aSubscriber({ id: 'nk-only', email: 'nk@example.org', topics: ['nagorno-karabakh'], channels: ['email'] }),
  ];
}

async function world() {
  const w = makeWorld(readers());
  for (const id of ['wire-a', 'wire-b', 'follow-up', 'other']) await w.articles.putIfAbsent(anArticle({ id, title: `Article ${id}` }));
  return w;
}

const story = (articleId: string, matches: ArticleMatchesHandedOn['matches'], storyId: string | null = 'story-1'): ArticleMatchesHandedOn => ({ articleId, ...(storyId ? { storyId } : {}), matches });
const bodies = (w: World) => [...w.queues.email.messages.values(), ...w.queues.telegram.messages.values()].map((m) => m.body);
const publishes = (w: World) => [...w.queues.publish.messages.values()].map((m) => m.body.topicId);
const emailed = (w: World) => w.mailer.sent.map((e) => `${e.to} ${e.subject.includes('wire-a') ? 'wire-a' : e.subject.includes('follow-up') ? 'follow-up' : e.subject.includes('wire-b') ? 'wire-b' : e.subject}`).sort();

describe('one alert per story and topic', () => {
  it("a second outlet's copy of a story alerts no one for the same topic, and is still published", async () => {
    const w = await world();
    expect(await fanOut(fanOutDeps(w), story('wire-a', [csto]))).toMatchObject({ kind: 'done' });
    const second = await fanOut(fanOutDeps(w), story('wire-b', [csto]));
    expect(second).toMatchObject({ kind: 'done', detail: expect.stringContaining('alerted for the story already: csto') });
    expect(bodies(w).map((d) => [d.subscriberId, d.channel, d.articleId]).sort()).toEqual([
      ['both-topics', 'email', 'wire-a'],
      ['csto-only', 'email', 'wire-a'],
      ['csto-only', 'telegram', 'wire-a'],
    ]);
    // The topic feed is rebuilt for both: its story item lists the second outlet.
    expect(publishes(w)).toEqual(['csto', 'csto']);
  });

  it('a later article of the story alerts a topic the story had not matched, and only that topic', async () => {
    const w = await world();
    await fanOut(fanOutDeps(w), story('wire-a', [csto]));
    await fanOut(fanOutDeps(w), story('follow-up', [csto, nk]));
    await runAll(w);
    expect(emailed(w)).toEqual(['both@example.org wire-a', 'both@example.org follow-up', 'csto@example.org wire-a', 'nk@example.org follow-up'].sort());
    const followUp = w.mailer.sent.find((e) => e.to === 'both@example.org' && e.subject.includes('follow-up'))!;
    // Only for the topic new to the story.
    expect(followUp.subject).not.toContain('CSTO');
  });

  it('a redelivered fan-out of the article that alerted still delivers, and the ledger sends each alert once', async () => {
    const w = await world();
    await fanOut(fanOutDeps(w), story('wire-a', [csto]));
    await fanOut(fanOutDeps(w), story('wire-b', [csto]));
    // The first fan-out's message comes back (its deletion was lost): it must not count as "alerted already".
    const again = await fanOut(fanOutDeps(w), story('wire-a', [csto]));
    expect(again).toMatchObject({ kind: 'done', detail: expect.stringMatching(/^queued 3 deliveries/) });
    await runAll(w);
    expect(emailed(w)).toEqual(['both@example.org wire-a', 'csto@example.org wire-a']);
    expect(w.telegram.sent).toHaveLength(1);
  });

  it('two copies fanned out at once: each topic alerts for exactly one of them', async () => {
    const w = await world();
    await Promise.all([fanOut(fanOutDeps(w), story('wire-a', [csto, nk])), fanOut(fanOutDeps(w), story('wire-b', [csto, nk]))]);
    await runAll(w);
    const perReader = new Map<string, number>();
    for (const e of w.mailer.sent) perReader.set(e.to, (perReader.get(e.to) ?? 0) + 1);
    expect(Object.fromEntries(perReader)).toEqual({ 'both@example.org': 1, 'csto@example.org': 1, 'nk@example.org': 1 });
  });

  it('articles without a story, or in different stories, alert as before', async () => {
    const w = await world();
    await fanOut(fanOutDeps(w), story('wire-a', [csto], null));
    await fanOut(fanOutDeps(w), story('wire-b', [csto], null));
    await fanOut(fanOutDeps(w), story('other', [csto], 'story-2'));
    await runAll(w);
    expect(w.mailer.sent.filter((e) => e.to === 'csto@example.org')).toHaveLength(3);
  });
});
