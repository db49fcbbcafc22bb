import type { ArticleMatchesHandedOn } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { Queue } from '../ports/queue.js';
import type { MatchStore } from '../ports/stores.js';

export interface SweepOutboxDeps {
  matches: MatchStore;
  fanOut: Queue<ArticleMatchesHandedOn>;
  clock: Clock;
  /** Matches pending longer than this are re-handed (a crash happened between store and hand-off). */
  olderThanSeconds?: number;
}

/** Re-hands pending matches older than a minute, grouped per article. Returns how many matches it re-handed. */
export async function sweepOutbox(deps: SweepOutboxDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - (deps.olderThanSeconds ?? 60) * 1000);
  const pending = await deps.matches.listPending(cutoff, 500);
  const byArticle = new Map<string, ArticleMatchesHandedOn>();
  for (const m of pending) {
    const entry = byArticle.get(m.articleId) ?? { articleId: m.articleId, matches: [] };
    entry.matches.push({ topicId: m.topicId, terms: m.terms });
    byArticle.set(m.articleId, entry);
  }
  if (byArticle.size === 0) return 0;
  await deps.fanOut.send([...byArticle.values()]);
  for (const m of pending) await deps.matches.markHandedOn(m);
  return pending.length;
}
