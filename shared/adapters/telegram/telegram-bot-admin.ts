/**
 * The Bot API calls an admin makes about the bot itself (fetch): getMe (is the token accepted?), getWebhookInfo,
 * setWebhook and deleteWebhook. Answers are values, not exceptions: `{ ok: false, status, description }` for a
 * refusal or a network failure. The bot token and the webhook secret never appear in what is returned.
 */

export type BotAnswer<T> = { ok: true; result: T } | { ok: false; status: number; description: string };

export interface BotIdentity {
  id: number;
  username?: string;
  first_name?: string;
}

export interface WebhookInfo {
  url: string;
  pending_update_count?: number;
  allowed_updates?: string[];
  last_error_date?: number;
  last_error_message?: string;
}

export interface TelegramBotAdminOptions {
  botToken: string;
  apiBase?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class TelegramBotAdmin {
  private readonly base: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;

  constructor(options: TelegramBotAdminOptions) {
    this.base = (options.apiBase ?? 'https://api.telegram.org').replace(/\/+$/, '');
    this.token = options.botToken;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.doFetch = options.fetch ?? fetch;
  }

  getMe(): Promise<BotAnswer<BotIdentity>> {
    return this.call('getMe', {});
  }

  getWebhookInfo(): Promise<BotAnswer<WebhookInfo>> {
    return this.call('getWebhookInfo', {});
  }

  setWebhook(webhook: { url: string; secretToken: string; allowedUpdates: string[] }): Promise<BotAnswer<boolean>> {
    return this.call('setWebhook', { url: webhook.url, secret_token: webhook.secretToken, allowed_updates: webhook.allowedUpdates });
  }

  deleteWebhook(): Promise<BotAnswer<boolean>> {
    return this.call('deleteWebhook', {});
  }

  private async call<T>(method: string, params: Record<string, unknown>): Promise<BotAnswer<T>> {
    let res: Response;
    try {
      res = await this.doFetch(`${this.base}/bot${this.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `network error ${e.cause?.code ?? e.cause?.message ?? e.message ?? ''}`.trim();
      return { ok: false, status: 0, description: this.redact(`${why} from ${this.base}`) };
    }
    let answer: { ok?: boolean; result?: T; description?: string; error_code?: number } = {};
    try {
      answer = (await res.json()) as typeof answer;
    } catch {
      // A proxy's error page: judged by the status.
    }
    if (res.ok && answer.ok && answer.result !== undefined) return { ok: true, result: answer.result };
    return { ok: false, status: answer.error_code ?? res.status, description: this.redact(answer.description ?? `HTTP ${res.status}`) };
  }

  /** A description never carries the token, even should an API echo the URL back. */
  private redact(text: string): string {
    return this.token ? text.split(this.token).join('<bot token>') : text;
  }
}
