import type { ArticleMatchesHandedOn } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { Queue } from '../ports/queue.js';
import type { MatchStore } from '../ports/stores.js';
import { handOnMatches } from './hand-on-matches.js';

export interface SweepOutboxDeps {
  matches: MatchStore;
  fanOut: Queue<ArticleMatchesHandedOn>;
  clock: Clock;
  /** Matches pending longer than this are re-handed (a crash happened between store and hand-off). */
  olderThanSeconds?: number;
}

export interface SweepOutboxResult {
  /** Matches handed on. */
  rehanded: number;
  /** Matches whose message the queue refused for good, parked with the reason (MatchStore.listParked). */
  parked: number;
}

/** Re-hands pending matches older than a minute, grouped per article. */
export async function sweepOutbox(deps: SweepOutboxDeps): Promise<SweepOutboxResult> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - (deps.olderThanSeconds ?? 60) * 1000);
  const pending = await deps.matches.listPending(cutoff, 500);
  const byArticle = new Map<string, ArticleMatchesHandedOn>();
  for (const m of pending) {
    const entry = byArticle.get(m.articleId) ?? { articleId: m.articleId, ...(m.storyId ? { storyId: m.storyId } : {}), matches: [] };
    entry.matches.push({ topicId: m.topicId, terms: m.terms });
    byArticle.set(m.articleId, entry);
  }
  if (byArticle.size === 0) return { rehanded: 0, parked: 0 };
  const outcome = await handOnMatches(deps, [...byArticle.values()], now);
  return { rehanded: outcome.handedOn.length, parked: outcome.parked.length };
}
