/** Local runtime: sends through the inner TelegramClient (the stand-in) and keeps each Bot API request body as `.json`. */
import type { TelegramClient, TelegramSendMessage } from '../../ports/senders.js';
import { OutboxFolder } from './outbox-folder.js';

export class OutboxTelegramClient implements TelegramClient {
  private readonly folder: OutboxFolder;
  private localSeq = 0;

  /** `inner: undefined` makes the outbox the only destination. */
  constructor(
    private readonly inner: TelegramClient | undefined,
    outboxDir: string | OutboxFolder,
    now: () => Date = () => new Date(),
  ) {
    this.folder = typeof outboxDir === 'string' ? new OutboxFolder(outboxDir, now) : outboxDir;
  }

  async sendMessage(message: TelegramSendMessage): Promise<{ messageId: number }> {
    const result = this.inner ? await this.inner.sendMessage(message) : { messageId: ++this.localSeq };
    await this.folder.write('telegram', `chat${message.chat_id}`, 'json', `${JSON.stringify(message, null, 2)}\n`);
    return result;
  }
}
