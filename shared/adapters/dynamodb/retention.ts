/**
 * How long items live, through the table's TTL attribute (epoch seconds; DynamoDB deletes an item some time after).
 * Articles and matches are kept this long after they were first seen: backtests, the status page and the syndicated
 * feeds reach that far back. Nothing later work needs expires with them: a feed's recent ids (what keeps an item still
 * in its feed from being stored and alerted again), feed states, subscribers and suppressions have no TTL.
 */
export const ARTICLE_RETENTION_DAYS = 90;
/**
 * The delivery ledger remembers a send longer than anything can bring its message back: a queue keeps a message 4 days,
 * a dead-letter queue 14 (an admin's redrive), retries add hours, a weekly digest holds a delivery 7 days.
 */
export const LEDGER_RETENTION_DAYS = 30;
/**
 * A story's head, members and article claims: a story is joined within its 48-hour window, its coverage is shown beside
 * feed items and digests while they are news, and its (story, topic) alert records last as long (the ledger's 30 days).
 */
export const STORY_RETENTION_DAYS = 30;

/** The TTL value `days` after `from` (an ISO instant or a Date); undefined for an instant that does not parse (kept). */
export function expiresAfter(from: string | Date, days: number): number | undefined {
  const ms = typeof from === 'string' ? Date.parse(from) : from.getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) + days * 86_400 : undefined;
}
