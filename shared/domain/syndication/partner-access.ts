import { createHash } from 'node:crypto';
import type { PartnerAccess } from './partners.js';

/**
 * What the CDN's token check knows of the partners (infra/edge/partner-feed-access.js reads it from a CloudFront
 * KeyValueStore): the SHA-256 of each active partner's token → its topics, space-separated. Only hashes of tokens
 * leave the function that reads them; a hash tells nothing about a token of 192 random bits.
 */
export type PartnerAccessEntries = ReadonlyMap<string, string>;

/** The key of a token: lower-case hex SHA-256, as the edge function computes it. */
export const partnerAccessKey = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The entries for the active partners (revoked ones have none: their token is refused at once). */
export function partnerAccessEntries(partners: readonly PartnerAccess[], topicIds: ReadonlySet<string>): PartnerAccessEntries {
  const entries = new Map<string, string>();
  for (const partner of partners) {
    if (partner.revoked) continue;
    entries.set(partnerAccessKey(partner.token), [...new Set(partner.topics.filter((t) => topicIds.has(t)))].sort().join(' '));
  }
  return entries;
}

/** One string that changes whenever any entry does: compared with the one recorded at the last sync. */
export function partnerAccessFingerprint(entries: PartnerAccessEntries): string {
  const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted), 'utf8').digest('hex');
}
