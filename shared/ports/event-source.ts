/**
 * A consumer's own queue trigger (Lambda's SQS event source mapping in AWS, the local runtime's poller locally):
 * a halted sender stops it, so the backlog waits in the queue without being received, and starts it again.
 */
export interface EventSourceSwitch {
  setEnabled(enabled: boolean): Promise<void>;
  isEnabled(): Promise<boolean>;
}

/** Why and since when a sender is halted; kept in the table for admins (status page, doctor). */
export interface SenderHalt {
  sender: string;
  reason: string;
  since: string;
  /** Resume attempts that met the same cause again. */
  attempts: number;
  /** The next scheduled resume check may start the queue again from this instant. */
  resumeAfter: string;
}

export interface SenderHaltStore {
  get(sender: string): Promise<SenderHalt | undefined>;
  put(halt: SenderHalt): Promise<void>;
  clear(sender: string): Promise<void>;
  list(): Promise<SenderHalt[]>;
}
