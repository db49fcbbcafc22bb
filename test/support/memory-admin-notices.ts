/** In-memory stand-ins of the admin-notice ports: the notices kept in order, the reported set compared as a set. */
import type { AdminNotice, AdminNotifier, FailingFeedsReports } from '../../shared/ports/admin-notices.js';

export class MemoryAdminNotifier implements AdminNotifier {
  readonly notices: AdminNotice[] = [];
  /** When set, notify throws it (SNS down). */
  failWith: Error | undefined;
  async notify(notice: AdminNotice): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.notices.push(structuredClone(notice));
  }
}

export class MemoryFailingFeedsReports implements FailingFeedsReports {
  reported: string[] | undefined;
  async lastReported(): Promise<string[] | undefined> {
    return this.reported && [...this.reported];
  }
  async recordReported(previous: readonly string[] | undefined, next: readonly string[]): Promise<boolean> {
    const key = (ids: readonly string[] | undefined) => (ids === undefined ? undefined : [...ids].sort().join(' '));
    if (key(this.reported) !== key(previous)) return false;
    this.reported = [...next].sort();
    return true;
  }
}
