/**
 * TelegramClient over the Bot API's sendMessage (fetch). `apiBase` points at api.telegram.org, or locally at the stand-in.
 * Answers become DeliveryErrors: 429 → retry after retry_after; 403 → disable the channel; 400 chat not found → park;
 * migrate_to_chat_id → ChatMigratedError; 5xx and timeouts → retry; a rejected token → halt; so does the unset
 * token's placeholder, without asking Telegram.
 * The bot token never appears in an error message.
 */
import { isBotTokenUnset, UNSET_BOT_TOKEN_REASON } from '../../domain/delivery/bot-token.js';
import { ChatMigratedError, DeliveryError, type FailureAction } from '../../ports/errors.js';
import type { TelegramClient, TelegramSendMessage } from '../../ports/senders.js';

export interface TelegramBotClientOptions {
  botToken: string;
  apiBase?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface BotApiAnswer {
  ok?: boolean;
  result?: { message_id?: number };
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export class TelegramBotClient implements TelegramClient {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly doFetch: typeof fetch;
  private readonly unset: boolean;

  constructor(options: TelegramBotClientOptions) {
    if (!options.botToken) throw new Error('TelegramBotClient: empty bot token');
    this.unset = isBotTokenUnset(options.botToken);
    this.url = `${(options.apiBase ?? 'https://api.telegram.org').replace(/\/+$/, '')}/bot${options.botToken}/sendMessage`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.doFetch = options.fetch ?? fetch;
  }

  async sendMessage(message: TelegramSendMessage): Promise<{ messageId: number }> {
    if (this.unset) throw new DeliveryError('Telegram bot token is not set', { kind: 'halt', reason: UNSET_BOT_TOKEN_REASON }, 'telegram');
    let res: Response;
    try {
      res = await this.doFetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      const what = e?.name === 'TimeoutError' || e?.name === 'AbortError' ? `timed out after ${this.timeoutMs} ms` : `network error ${e?.cause?.code ?? e?.name ?? ''}`.trim();
      throw new DeliveryError(`Telegram sendMessage ${what}`, { kind: 'retry', delaySeconds: 0 }, 'telegram');
    }
    let answer: BotApiAnswer = {};
    let rawText = '';
    try {
      rawText = await res.text();
      answer = JSON.parse(rawText) as BotApiAnswer;
    } catch {
      // Not JSON (a proxy's error page, a truncated body): judged by the HTTP status below.
    }
    if (res.ok && answer.ok && typeof answer.result?.message_id === 'number') return { messageId: answer.result.message_id };
    const code = answer.error_code ?? res.status;
    const description = answer.description ?? `HTTP ${res.status}${rawText ? ` ${rawText.slice(0, 100)}` : ''}`;
    if (answer.parameters?.migrate_to_chat_id !== undefined) throw new ChatMigratedError(description, String(answer.parameters.migrate_to_chat_id));
    throw new DeliveryError(`Telegram ${code}: ${description}`, telegramAction(code, description, answer.parameters?.retry_after), 'telegram');
  }
}

export function telegramAction(code: number, description: string, retryAfter: number | undefined): FailureAction {
  if (code === 429) return { kind: 'retry', delaySeconds: Math.max(1, Math.ceil(retryAfter ?? 1)) };
  if (code === 403) return { kind: 'disable-channel', reason: description };
  if (code === 401 || code === 404) return { kind: 'halt', reason: `bot token rejected: ${description}` };
  if (code >= 500) return { kind: 'retry', delaySeconds: 0 };
  if (code === 400 && /chat not found/i.test(description)) return { kind: 'park', reason: description };
  if (code === 400 && /user is deactivated|bot was kicked|not enough rights|have no rights/i.test(description)) return { kind: 'disable-channel', reason: description };
  return { kind: 'park', reason: description };
}
