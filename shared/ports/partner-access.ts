import type { PartnerAccessEntries } from '../domain/syndication/partner-access.js';

/** The CDN's table of partner token hashes (a CloudFront KeyValueStore in AWS). */
export interface PartnerAccessTable {
  /** Makes the table hold exactly `entries`: puts what is new or changed, deletes what is gone. */
  replaceAll(entries: PartnerAccessEntries): Promise<{ puts: number; deletes: number }>;
}

/** The fingerprint of the entries last written to the table (an item of the table in AWS). */
export interface PartnerAccessRecord {
  fingerprint(): Promise<string | undefined>;
  record(fingerprint: string, at: Date): Promise<void>;
}

export interface PartnerAccess {
  table: PartnerAccessTable;
  record: PartnerAccessRecord;
}
