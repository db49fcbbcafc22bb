/**
 * Plays Telegram's side of a bot webhook locally: builds realistic Update objects and POSTs them to the
 * bot's webhook with the X-Telegram-Bot-Api-Secret-Token header, as Telegram does after setWebhook.
 * `telegramUpdateSenderRoute` adds a small "chat with the bot" page to the Telegram stand-in (GET /chat).
 */
import type { IncomingMessage } from 'node:http';
import { readCappedBody } from './request-body.js';
import { html } from '../../shared/domain/pages/html.js';
import { PAGE_HEADERS } from '../../shared/domain/pages/layout.js';
import { localPage } from './pages/local-layout.js';
import type { StandInRoute } from './telegram-stand-in.js';

export interface TextUpdateInput {
  chatId: string | number;
  text: string;
  updateId?: number;
  chatType?: 'private' | 'group' | 'supergroup';
  /** Seconds since the epoch (default: now). */
  date?: number;
  firstName?: string;
  username?: string;
}

let sequence = 0;
/** Increasing across restarts (Telegram's ids only grow), so a seen-update memory never mistakes a new one for a repeat. */
function nextUpdateId(): number {
  return Math.floor(Date.now() / 1000) * 1000 + (sequence++ % 1000);
}

/** A message update as Telegram sends it for a user typing `text` (commands carry a bot_command entity). */
export function textUpdate(input: TextUpdateInput) {
  const chatId = Number(input.chatId);
  const chatType = input.chatType ?? (chatId < 0 ? 'group' : 'private');
  const userId = chatType === 'private' ? chatId : 424242;
  const command = /^\/[A-Za-z0-9_@]+/.exec(input.text);
  return {
    update_id: input.updateId ?? nextUpdateId(),
    message: {
      message_id: Math.floor(Math.random() * 1_000_000),
      from: { id: userId, is_bot: false, first_name: input.firstName ?? 'Local', ...(input.username ? { username: input.username } : {}), language_code: 'en' },
      chat: chatType === 'private' ? { id: chatId, first_name: input.firstName ?? 'Local', type: 'private' } : { id: chatId, title: 'Local group', type: chatType },
      date: input.date ?? Math.floor(Date.now() / 1000),
      text: input.text,
      ...(command ? { entities: [{ offset: 0, length: command[0].length, type: 'bot_command' }] } : {}),
    },
  };
}

/** POSTs one update to the webhook; returns Telegram's view of the answer (status and body). */
export async function sendTelegramUpdate(options: { webhookUrl: string; secret: string; update: unknown }): Promise<{ status: number; body: string }> {
  const res = await fetch(options.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': options.secret },
    body: JSON.stringify(options.update),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  // An oversized form reads as empty: the page then asks for the chat id and message again.
  return new URLSearchParams((await readCappedBody(req, 16 * 1024))?.toString('utf8') ?? '');
}

/** A start link's chat: not the sample duty officer's (100001), whose topics a start link would replace. */
const START_LINK_CHAT = '200001';
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;

function chatPage(chatId: string, result?: string, text = '/start'): string {
  return localPage(
    'Chat with the bot',
    html`<h1>Chat with the bot</h1>
<p>Sends a Telegram update to the bot's webhook, as Telegram would. The bot's reply shows on <a href="/">the stand-in's page</a>.</p>
${result ? html`<p role="status">${result}</p>` : ''}
<form method="post" action="/chat"><label for="chat">Chat id</label><input id="chat" name="chat" value="${chatId}" inputmode="numeric">
<label for="text">Message</label><input id="text" name="text" value="${text}" autofocus>
<button type="submit">Send</button></form>
<p>Try /topics, /subscribe csto, /mode digest, /unsubscribe csto, /stop.</p>`,
  );
}

/**
 * GET /chat shows a form; POST /chat sends the typed text as an update from that chat to the bot's registered
 * webhook (`deliver` answers undefined when none is registered).
 */
export function telegramUpdateSenderRoute(options: { botUsername: string; deliver: (update: unknown) => Promise<{ status: number; body: string } | undefined> }): StandInRoute {
  return async (req, res, url) => {
    const page = (status: number, body: string) => res.writeHead(status, { ...PAGE_HEADERS, 'cache-control': 'no-store' }).end(body);
    // A start link (as t.me/<bot>?start=<payload>): the chat page with the /start Telegram's Start button would send.
    if (url.pathname === `/${options.botUsername}` && req.method === 'GET') {
      const payload = url.searchParams.get('start') ?? '';
      if (!START_PAYLOAD.test(payload)) page(400, chatPage(START_LINK_CHAT, 'This start link carries no valid payload (1 to 64 of A-Z, a-z, 0-9, _ and -).'));
      else page(200, chatPage(START_LINK_CHAT, 'Opened from a start link: press Send to start the bot with these topics, as Telegram\'s Start button would.', `/start ${payload}`));
      return true;
    }
    if (url.pathname !== '/chat') return false;
    if (req.method === 'GET') {
      page(200, chatPage('100001'));
      return true;
    }
    if (req.method !== 'POST') return false;
    const form = await readForm(req);
    const chatId = (form.get('chat') ?? '').trim();
    const text = form.get('text') ?? '';
    if (!/^-?\d{1,20}$/.test(chatId) || !text.trim()) {
      page(400, chatPage(chatId, 'Enter a numeric chat id and a message.'));
      return true;
    }
    try {
      const answer = await options.deliver(textUpdate({ chatId, text }));
      if (!answer) page(409, chatPage(chatId, 'The bot has no webhook: register it with `npm run newshound -- telegram set-webhook --local data`.'));
      else page(200, chatPage(chatId, `Sent "${text}" from chat ${chatId}: the webhook answered ${answer.status}.`));
    } catch (error) {
      page(502, chatPage(chatId, `Could not reach the webhook: ${error instanceof Error ? error.message : String(error)}`));
    }
    return true;
  };
}
