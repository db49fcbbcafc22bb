/** A notice for the people who run newshound: the alarm topic (SNS) in AWS, whatever it is subscribed to. */
export interface AdminNotice {
  /** One line of at most 100 ASCII characters (an email subject). */
  subject: string;
  message: string;
}

export interface AdminNotifier {
  notify(notice: AdminNotice): Promise<void>;
}

/**
 * The set of long-failing feeds the admins were last told about, so each change is told once, even when two
 * reporters run at the same time.
 */
export interface FailingFeedsReports {
  /** The feed ids last reported, sorted; undefined when nothing was ever reported. */
  lastReported(): Promise<string[] | undefined>;
  /**
   * Records `next` as reported if the record still holds `previous` (undefined: no record yet). False, changing
   * nothing, when another reporter changed it first.
   */
  recordReported(previous: readonly string[] | undefined, next: readonly string[], at: Date): Promise<boolean>;
}
