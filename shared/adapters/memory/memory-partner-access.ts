import type { PartnerAccessEntries } from '../../domain/syndication/partner-access.js';
import type { PartnerAccess, PartnerAccessRecord, PartnerAccessTable } from '../../ports/partner-access.js';

/** The partner token table in memory (tests, the cost bench): `calls` counts replaceAll, the billed API's work. */
export class MemoryPartnerAccessTable implements PartnerAccessTable {
  readonly entries = new Map<string, string>();
  calls = 0;

  async replaceAll(entries: PartnerAccessEntries): Promise<{ puts: number; deletes: number }> {
    this.calls++;
    let puts = 0;
    let deletes = 0;
    for (const key of [...this.entries.keys()]) {
      if (!entries.has(key)) {
        this.entries.delete(key);
        deletes++;
      }
    }
    for (const [key, value] of entries) {
      if (this.entries.get(key) !== value) {
        this.entries.set(key, value);
        puts++;
      }
    }
    return { puts, deletes };
  }
}

export class MemoryPartnerAccessRecord implements PartnerAccessRecord {
  value: string | undefined;

  async fingerprint(): Promise<string | undefined> {
    return this.value;
  }

  async record(fingerprint: string): Promise<void> {
    this.value = fingerprint;
  }
}

export function memoryPartnerAccess(): PartnerAccess & { table: MemoryPartnerAccessTable; record: MemoryPartnerAccessRecord } {
  return { table: new MemoryPartnerAccessTable(), record: new MemoryPartnerAccessRecord() };
}
