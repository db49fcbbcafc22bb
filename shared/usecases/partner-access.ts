/**
 * Keeps the CDN's partner token table in step with the configuration. The table's API is billed per call, so a
 * publish compares a fingerprint of the wanted entries with the one recorded at the last sync (one read of a small
 * item) and calls the table only when they differ: when a partner is added, revoked, re-scoped or gets a new token.
 */
import { partnerAccessFingerprint, type PartnerAccessEntries } from '../domain/syndication/partner-access.js';
import type { PartnerAccess } from '../ports/partner-access.js';

export interface PartnerAccessSync {
  changed: boolean;
  puts: number;
  deletes: number;
}

export async function syncPartnerAccess(access: PartnerAccess, entries: PartnerAccessEntries, now: Date): Promise<PartnerAccessSync> {
  const wanted = partnerAccessFingerprint(entries);
  if ((await access.record.fingerprint()) === wanted) return { changed: false, puts: 0, deletes: 0 };
  const { puts, deletes } = await access.table.replaceAll(entries);
  // Recorded only once the table holds the entries: a failed update is tried again by the next publish.
  await access.record.record(wanted, now);
  return { changed: true, puts, deletes };
}
