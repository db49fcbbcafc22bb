/** What the feed-state codes mean, in words for the status page (the codes stay in status.json). */
import { STATUS_CODES } from 'node:http';

const OUTCOMES: Record<string, string> = {
  '200': 'fetched and read',
  '304': 'not changed since the last poll',
  blocked: 'refused: the address is private or not allowed',
  timeout: 'took too long to answer',
  network: 'could not connect',
  parse: 'not a feed newshound can read',
  'too-large': 'too large to read',
  'item-too-large': 'read, but some items were refused (link or id too long)',
  'too-many-items': 'read, but only the newest items were kept',
};

export function pollOutcome(code: string | undefined): string {
  if (!code) return 'not polled yet';
  const known = OUTCOMES[code];
  if (known) return known;
  const reason = /^\d{3}$/.test(code) ? STATUS_CODES[Number(code)] : undefined;
  return reason ? `the server answered ${code} ${reason}` : code;
}

const BASES: Record<string, string> = {
  'publishing-rate': 'paced by how often it publishes',
  'no-recent-items': 'no new items lately, so polled rarely',
  ttl: 'as the feed’s own ttl asks',
  'cache-control': 'as the server’s Cache-Control asks',
  expires: 'as the server’s Expires header asks',
  'previous-interval': 'unchanged, so the same interval as last time',
  backoff: 'waiting longer after failures',
  'retry-after': 'as the server’s Retry-After asks',
};

export function pollBasis(code: string | undefined): string | undefined {
  return code === undefined ? undefined : (BASES[code] ?? code);
}
