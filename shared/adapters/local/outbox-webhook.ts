/** Local runtime: posts through the inner WebhookClient and keeps each request (URL, headers, JSON body) as `.json`. */
import type { WebhookClient, WebhookRequest } from '../../ports/senders.js';
import { OutboxFolder } from './outbox-folder.js';

export class OutboxWebhookClient implements WebhookClient {
  private readonly folder: OutboxFolder;

  /** `inner: undefined` makes the outbox the only destination. */
  constructor(
    private readonly inner: WebhookClient | undefined,
    outboxDir: string | OutboxFolder,
    now: () => Date = () => new Date(),
  ) {
    this.folder = typeof outboxDir === 'string' ? new OutboxFolder(outboxDir, now) : outboxDir;
  }

  async post(request: WebhookRequest): Promise<{ httpStatus: number }> {
    const result = this.inner ? await this.inner.post(request) : { httpStatus: 202 };
    let body: unknown = request.body;
    try {
      body = JSON.parse(request.body);
    } catch {
      // keep the raw string
    }
    let host = 'webhook';
    try {
      host = new URL(request.url).host;
    } catch {
      // keep the default
    }
    await this.folder.write('webhook', host, 'json', `${JSON.stringify({ url: request.url, headers: request.headers, body, httpStatus: result.httpStatus }, null, 2)}\n`);
    return result;
  }
}
