import { describe, expect, it } from 'vitest';
import { digestArticleId } from '../../../shared/domain/delivery/delivery-keys.js';
import type { Channel } from '../../../shared/domain/subscriber.js';
import type { StoryCoverage } from '../../../shared/ports/story-assigner.js';
import { deliverAlert } from '../../../shared/usecases/deliver-alert.js';
import { anArticle, aSubscriber } from '../../support/factories.js';
import { deliverDeps, makeWorld } from './harness.js';

const csto = { topicId: 'csto', terms: [{ term: 'CSTO', field: 'title' as const, snippet: 'CSTO council' }] };
const nk = { topicId: 'nagorno-karabakh', terms: [{ term: 'Karabakh', field: 'text' as const, snippet: 'in Karabakh' }] };
const SLOT = '2026-11-20T18:00:00.000Z';

/** The story grouping knows of one more outlet, whose name and link are hostile. */
const coverage: StoryCoverage = {
  coverage: async (ids) =>
    new Map(ids.filter((id) => id === 'story-1').map((id) => [id, [{ articleId: 'hostile', feedId: 'x', title: 'Council <b>met</b> & agreed', link: 'javascript:alert(1)', sourceTitle: '<script>alert(1)</script> News', firstSeen: '2026-11-20T12:00:00.000Z' }]])),
};

async function heldDigest(channel: Channel) {
  const sub = aSubscriber({ id: 's1', email: 's1@example.org', telegramChatId: '77', channels: [channel], topics: ['csto', 'nagorno-karabakh'] });
  const w = makeWorld([sub]);
  const wire = anArticle({ id: 'wire', storyId: 'story-1', title: 'CSTO council meets', sourceTitle: 'World Wire', link: 'https://wire.example/1', firstSeen: '2026-11-20T10:00:00.000Z' });
  const kavkaz = anArticle({ id: 'kavkaz', storyId: 'story-1', title: 'Karabakh on the CSTO agenda', sourceTitle: 'Kavkaz & Co', link: 'https://kavkaz.example/2?a=1&b=2', firstSeen: '2026-11-20T11:00:00.000Z' });
  const other = anArticle({ id: 'other', title: 'Wheat prices fall', firstSeen: '2026-11-20T10:30:00.000Z' });
  for (const a of [wire, kavkaz, other]) await w.articles.putIfAbsent(a);
  const held = { subscriberId: 's1', channel, slot: SLOT, reason: 'digest' as const, addedAt: '2026-11-20T11:00:00.000Z' };
  await w.digests.add({ ...held, articleId: 'wire', matches: [csto] });
  await w.digests.add({ ...held, articleId: 'kavkaz', matches: [nk] });
  await w.digests.add({ ...held, articleId: 'other', matches: [csto] });
  w.clock.set('2026-11-20T18:00:00.000Z');
  const outcome = await deliverAlert(deliverDeps(w, { stories: coverage }), { subscriberId: 's1', channel, articleId: digestArticleId(SLOT), matches: [], digestSlot: SLOT });
  return { w, outcome };
}

describe('digests by story', () => {
  it('email: one entry per story listing its other coverage, everything from feeds escaped and only safe links', async () => {
    const { w, outcome } = await heldDigest('email');
    expect(outcome.kind).toBe('done');
    const [email] = w.mailer.sent;
    expect(email!.subject).toContain('2 alerts');
    expect(email!.html.match(/Also reported by:/g)).toHaveLength(1);
    expect(email!.html).toContain('<a href="https://kavkaz.example/2?a=1&amp;b=2" style="color:#0645ad;">Kavkaz &amp; Co</a>: Karabakh on the CSTO agenda');
    expect(email!.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; News: Council &lt;b&gt;met&lt;/b&gt; &amp; agreed');
    expect(email!.html).not.toMatch(/<script|javascript:/);
    expect(email!.text).toContain('Also reported by:\n- Kavkaz & Co: Karabakh on the CSTO agenda <https://kavkaz.example/2?a=1&b=2>');
  });

  it('Telegram: the story entry names the other outlets, escaped for HTML parse mode', async () => {
    const { w, outcome } = await heldDigest('telegram');
    expect(outcome.kind).toBe('done');
    const html = w.telegram.sent.map((m) => m.text).join('\n');
    expect(html).toContain('2 alerts');
    expect(html).toContain('📰 Also reported by <a href="https://kavkaz.example/2?a=1&amp;b=2">Kavkaz &amp; Co</a>, &lt;script&gt;alert(1)&lt;/script&gt; News');
    expect(html).not.toContain('javascript:');
  });
});
