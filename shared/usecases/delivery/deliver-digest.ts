/**
 * Sends a subscriber's held batch as one digest (ledger key `digest:<slot>`), then removes the batch. Held alerts of
 * one story make one entry, listing the story's other coverage.
 */
import { digestArticleId } from '../../domain/delivery/delivery-keys.js';
import { digestHeading } from '../../domain/delivery/digest-heading.js';
import { groupDigestByStory } from '../../domain/delivery/digest-stories.js';
import type { Channel, Subscriber } from '../../domain/subscriber.js';
import type { DigestBatchRef } from '../../ports/delivery-state.js';
import type { DeliveryKey } from '../../ports/stores.js';
import type { ConsumerOutcome } from '../consumer-outcome.js';
import { digestContent, type DigestItem } from './channel-content.js';
import { done, type Run } from './run.js';
import { sendOnce } from './send-once.js';

export async function deliverDigest(run: Run, sub: Subscriber, channel: Channel, slot: string): Promise<ConsumerOutcome> {
  const { deps } = run;
  if (!deps.digests) return { kind: 'park', reason: 'digest requested but no digest store configured' };
  const ref: DigestBatchRef = { subscriberId: sub.id, channel, slot };
  const entries = await deps.digests.entries(ref);
  if (!entries.length) return done('already-sent');
  const loaded: { entry: (typeof entries)[number]; item: DigestItem }[] = [];
  for (const entry of entries) {
    const article = await deps.articles.get(entry.articleId);
    if (article) loaded.push({ entry, item: { article, matches: entry.matches } });
  }
  const key: DeliveryKey = { subscriberId: sub.id, channel, articleId: digestArticleId(slot) };
  if (!loaded.length) {
    await deps.digests.removeBatch(ref);
    return done('skipped: digest articles missing');
  }
  const heading = digestHeading(sub, loaded.map((l) => l.entry));
  const storyIds = [...new Set(loaded.flatMap((l) => (l.item.article.storyId ? [l.item.article.storyId] : [])))];
  const coverage = deps.stories && storyIds.length ? await deps.stories.coverage(storyIds) : new Map();
  const items: DigestItem[] = groupDigestByStory(loaded.map((l) => l.item), coverage);
  const content = digestContent(deps.config, run.now, sub, key, items, heading);
  const outcome = await sendOnce(run, key, sub, content);
  if (outcome.kind === 'done') await deps.digests.removeBatch(ref);
  return outcome;
}
