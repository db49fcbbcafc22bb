/** Local runtime: sends through the inner Mailer (aws-ses-v2-local) and keeps a `.eml` copy of each email in the outbox. */
import type { Mailer, OutgoingEmail } from '../../ports/senders.js';
import { composeMime } from '../ses/compose-mime.js';
import { OutboxFolder } from './outbox-folder.js';

export class OutboxMailer implements Mailer {
  private readonly folder: OutboxFolder;
  private localSeq = 0;

  /** `inner: undefined` makes the outbox the only destination. */
  constructor(
    private readonly inner: Mailer | undefined,
    outboxDir: string | OutboxFolder,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.folder = typeof outboxDir === 'string' ? new OutboxFolder(outboxDir, now) : outboxDir;
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const result = this.inner ? await this.inner.send(email) : { messageId: `local-${++this.localSeq}` };
    const raw = await composeMime(email, { date: this.now(), messageId: `<${result.messageId.replace(/[<>\s]/g, '') || 'local'}@newshound.local>` });
    await this.folder.write('email', email.to, 'eml', raw);
    return result;
  }
}
