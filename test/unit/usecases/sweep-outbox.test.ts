import { describe, expect, it } from 'vitest';
import type { ArticleMatchesHandedOn } from '../../../shared/domain/messages.js';
import type { ArticleMatched } from '../../../shared/domain/topic.js';
import { sweepOutbox } from '../../../shared/usecases/sweep-outbox.js';
import { ManualClock } from '../../support/manual-clock.js';
import { aMatch } from '../../support/factories.js';
import { MemoryMatchStore } from '../../support/memory-stores.js';
import { RefusingQueue, type Refusal } from '../../support/refusing-queue.js';

/** A match store whose markHandedOn fails once `failAfter` calls have succeeded. */
class FlakyMatchStore extends MemoryMatchStore {
  failAfter = Infinity;
  override async markHandedOn(match: Pick<ArticleMatched, 'articleId' | 'topicId'>): Promise<void> {
    if (this.failAfter-- <= 0) throw new Error('DynamoDB is unavailable');
    return super.markHandedOn(match);
  }
}

function setup(refuse: (body: ArticleMatchesHandedOn) => Refusal | undefined = () => undefined) {
  const clock = new ManualClock();
  const matches = new FlakyMatchStore();
  const fanOut = new RefusingQueue<ArticleMatchesHandedOn>('fan-out', clock.now, refuse);
  const deps = { matches, fanOut, clock };
  const sent = () => [...fanOut.messages.values()].map((m) => m.body);
  /** A match stored `secondsAgo` before now. */
  const stored = async (secondsAgo: number, overrides: Partial<ArticleMatched> = {}) => {
    const match = aMatch({ matchedAt: new Date(clock.now().getTime() - secondsAgo * 1000).toISOString(), ...overrides });
    await matches.putPending(match);
    return match;
  };
  const pendingIds = async () => (await matches.listPending(new Date('2100-01-01T00:00:00Z'))).map((m) => m.articleId).sort();
  return { clock, matches, fanOut, deps, sent, stored, pendingIds };
}

const refuseArticle = (articleId: string, refusal: Refusal) => (body: ArticleMatchesHandedOn) => (body.articleId === articleId ? refusal : undefined);
const invalidContents: Refusal = { code: 'InvalidMessageContents', reason: 'Invalid characters found.', senderFault: true };

describe('sweepOutbox', () => {
  it("re-hands a match with its article's story, so fan-out still alerts each topic once per story", async () => {
    const t = setup();
    await t.stored(120, { articleId: 'a1', topicId: 'csto', storyId: 'story-1' });
    await t.stored(120, { articleId: 'a1', topicId: 'nk', storyId: 'story-1' });
    await t.stored(120, { articleId: 'legacy', topicId: 'csto' });
    await sweepOutbox(t.deps);
    const sent = t.sent().sort((a, b) => a.articleId.localeCompare(b.articleId));
    expect(sent.map((m) => [m.articleId, m.storyId, m.matches.map((x) => x.topicId).sort()])).toEqual([
      ['a1', 'story-1', ['csto', 'nk']],
      ['legacy', undefined, ['csto']],
    ]);
    expect(sent[1]).not.toHaveProperty('storyId');
  });

  it('re-hands only matches pending longer than the cutoff, and marks them handed on', async () => {
    const t = setup();
    const old = await t.stored(120);
    const fresh = await t.stored(30);
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 1, parked: 0 });
    expect(t.sent()).toEqual([{ articleId: old.articleId, matches: [{ topicId: old.topicId, terms: old.terms }] }]);
    expect(await t.pendingIds()).toEqual([fresh.articleId]);
  });

  it('honours a configured cutoff', async () => {
    const t = setup();
    await t.stored(20);
    expect(await sweepOutbox({ ...t.deps, olderThanSeconds: 30 })).toEqual({ rehanded: 0, parked: 0 });
    expect(await sweepOutbox({ ...t.deps, olderThanSeconds: 10 })).toEqual({ rehanded: 1, parked: 0 });
  });

  it('groups pending matches per article: one message per article with every topic it matched', async () => {
    const t = setup();
    const csto = await t.stored(300, { articleId: 'a1', topicId: 'csto' });
    const karabakh = await t.stored(200, { articleId: 'a1', topicId: 'nagorno-karabakh' });
    const other = await t.stored(100, { articleId: 'a2', topicId: 'csto' });
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 3, parked: 0 });
    expect(t.sent()).toEqual([
      { articleId: 'a1', matches: [{ topicId: 'csto', terms: csto.terms }, { topicId: 'nagorno-karabakh', terms: karabakh.terms }] },
      { articleId: 'a2', matches: [{ topicId: 'csto', terms: other.terms }] },
    ]);
    expect(await t.pendingIds()).toEqual([]);
  });

  it('is idempotent: a second sweep finds nothing and sends nothing', async () => {
    const t = setup();
    await t.stored(120);
    await sweepOutbox(t.deps);
    t.clock.advance({ seconds: 3600 });
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 0, parked: 0 });
    expect(t.sent()).toHaveLength(1);
  });

  it('parks a match whose message the queue refuses, with the reason, while the others go through', async () => {
    const t = setup(refuseArticle('poison', invalidContents));
    const before = await t.stored(300, { articleId: 'before' });
    const poison = await t.stored(200, { articleId: 'poison' });
    const after = await t.stored(100, { articleId: 'after' });
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 2, parked: 1 });
    expect(t.sent().map((b) => b.articleId)).toEqual([before.articleId, after.articleId]);
    expect(await t.pendingIds()).toEqual([]);
    expect(await t.matches.listParked(10)).toEqual([{ ...poison, parkedReason: 'InvalidMessageContents: Invalid characters found.', parkedAt: t.clock.now().toISOString() }]);

    t.clock.advance({ seconds: 3600 });
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 0, parked: 0 });
    expect(await t.matches.listParked(10)).toHaveLength(1);
  });

  it('parks every match of a refused article', async () => {
    const t = setup(refuseArticle('poison', { code: 'MessageTooLong', reason: 'the body has 300000 bytes', senderFault: true }));
    await t.stored(200, { articleId: 'poison', topicId: 'csto' });
    await t.stored(200, { articleId: 'poison', topicId: 'nagorno-karabakh' });
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 0, parked: 2 });
    expect((await t.matches.listParked(10)).map((m) => [m.topicId, m.parkedReason])).toEqual([
      ['nagorno-karabakh', 'MessageTooLong: the body has 300000 bytes'],
      ['csto', 'MessageTooLong: the body has 300000 bytes'],
    ]);
  });

  it('leaves a match pending when the queue refused it for trouble of its own, and re-hands it once the queue recovers', async () => {
    let queueTrouble = true;
    const t = setup((body) => (queueTrouble && body.articleId === 'unlucky' ? { code: 'InternalError', reason: 'try again', senderFault: false } : undefined));
    await t.stored(200, { articleId: 'unlucky' });
    await t.stored(100, { articleId: 'fine' });
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 1, parked: 0 });
    expect(await t.pendingIds()).toEqual(['unlucky']);
    expect(await t.matches.listParked(10)).toEqual([]);

    queueTrouble = false;
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 1, parked: 0 });
    expect(await t.pendingIds()).toEqual([]);
  });

  it('leaves everything pending when the send fails whole, and the next run re-hands it', async () => {
    const t = setup();
    await t.stored(200, { articleId: 'a1' });
    await t.stored(100, { articleId: 'a2' });
    t.fanOut.failWith = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    await expect(sweepOutbox(t.deps)).rejects.toThrow('Rate exceeded');
    expect(await t.pendingIds()).toEqual(['a1', 'a2']);

    t.fanOut.failWith = undefined;
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 2, parked: 0 });
    expect(await t.pendingIds()).toEqual([]);
  });

  it('a store failure part-way leaves the matches it did not mark pending, for the next sweep', async () => {
    const t = setup();
    await t.stored(300, { articleId: 'a1' });
    await t.stored(200, { articleId: 'a2' });
    await t.stored(100, { articleId: 'a3' });
    t.matches.failAfter = 1;
    await expect(sweepOutbox(t.deps)).rejects.toThrow('DynamoDB is unavailable');
    expect(await t.pendingIds()).toEqual(['a2', 'a3']);

    t.matches.failAfter = Infinity;
    expect(await sweepOutbox(t.deps)).toEqual({ rehanded: 2, parked: 0 });
    expect(await t.pendingIds()).toEqual([]);
    // At least once: what was sent but not marked goes again (consumers are idempotent).
    expect(t.sent().map((b) => b.articleId)).toEqual(['a1', 'a2', 'a3', 'a2', 'a3']);
  });
});
