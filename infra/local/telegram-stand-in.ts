/**
 * A loopback stand-in for the Telegram Bot API that enforces the rules the real one does, so local runs and tests
 * meet them: HTML parse mode (errors worded as Telegram words them), the 4096-character limit, per-chat and per-bot
 * rate limits answered with 429 retry_after, 403 for blocked chats, 400 for unknown chats, chat migration; getMe;
 * the bot's webhook (setWebhook, getWebhookInfo, deleteWebhook), to which `deliverUpdate` posts updates with the
 * registered secret_token, keeping the last delivery error as Telegram reports it.
 * GET / shows what it received (escaped). Extra routes (e.g. the chat page) plug in via `addRoute`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readCappedBody } from './request-body.js';
import type { AddressInfo } from 'node:net';
import { html } from '../../shared/domain/pages/html.js';
import { PAGE_HEADERS } from '../../shared/domain/pages/layout.js';
import { parseTelegramHtml } from '../../shared/domain/render/telegram-html.js';
import { listen } from './in-use.js';
import { checkRequest, loopbackHosts, refuse } from './loopback-guard.js';
import { localPage } from './pages/local-layout.js';

export interface RateLimits {
  perChatPerSecond: number;
  perBotPerSecond: number;
}

export interface SentMessage {
  messageId: number;
  chatId: string;
  /** The request's text (HTML source). */
  html: string;
  /** The text after entity parsing, as a Telegram client shows it. */
  text: string;
  entities: { type: string; offset: number; length: number; url?: string }[];
  /** Stand-in clock, epoch ms. */
  at: number;
}

export interface RejectedCall {
  chatId?: string;
  status: number;
  description: string;
  at: number;
}

/** A test hook: answer this call yourself (e.g. a 502, or hang to provoke a client timeout). */
export type FaultInjector = (call: { method: string; chatId?: string; text?: string }) => { status: number; body?: unknown } | { hangMs: number } | undefined;

export interface TelegramStandInOptions {
  port?: number;
  host?: string;
  /** Accept only this token (401 otherwise); any token when absent. */
  botToken?: string;
  rateLimits?: Partial<RateLimits>;
  /** The local app server, for the page's links back to the other local pages. */
  appUrl?: string;
  blockedChats?: string[];
  /** When set, chats not listed answer 400 "chat not found". */
  knownChats?: string[];
  /** Group chats that became supergroups: old id → new id (400 with migrate_to_chat_id). */
  migratedChats?: Record<string, string>;
  /** Clock for the rate limiter and records (epoch ms); injectable for tests. */
  now?: () => number;
  fault?: FaultInjector;
  /** Called with each accepted sendMessage request before it is answered (the local runtime keeps a copy in its outbox). */
  onAccepted?: (request: Record<string, unknown>, message: SentMessage) => Promise<void> | void;
}

export type StandInRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface TelegramStandIn {
  /** Bot API base URL: use as the client's apiBase. */
  url: string;
  sent(): SentMessage[];
  rejected(): RejectedCall[];
  counts(): { accepted: number; rateLimited: number; badRequest: number; forbidden: number; other: number };
  block(chatId: string): void;
  setFault(fault: FaultInjector | undefined): void;
  /** Accept only this token from now on (the local runtime's bot token secret). */
  setBotToken(token: string | undefined): void;
  /** Registers an extra HTTP route, tried before the built-in ones. */
  addRoute(route: StandInRoute): void;
  /** The registered webhook, if any (what getWebhookInfo reports). */
  webhook(): Webhook | undefined;
  /** Posts an update to the registered webhook as Telegram does; undefined when no webhook is registered. */
  deliverUpdate(update: unknown): Promise<{ status: number; body: string } | undefined>;
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { perChatPerSecond: 1, perBotPerSecond: 30 };
export const TELEGRAM_TEXT_LIMIT = 4096;
/** The stand-in's bot (getMe); its start links (`/<bot>?start=<payload>`) open the chat page. */
export const STAND_IN_BOT_USERNAME = 'newshound_local_bot';

type Answer = { status: number; body: Record<string, unknown> };

export interface Webhook {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  lastErrorDate?: number;
  lastErrorMessage?: string;
  /**
   * Updates the webhook refused, which Telegram keeps and retries (its pending_update_count); the stand-in does not
   * retry them itself: the next accepted delivery stands for the backlog going through.
   */
  pendingUpdates?: number;
}

/** Telegram's rule for secret_token: 1-256 characters, A-Z, a-z, 0-9, _ and -. */
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

const error = (status: number, description: string, parameters?: Record<string, unknown>): Answer => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});

/** Sliding one-second windows of accepted sends, per key. */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  /** Seconds to wait (Telegram's integer retry_after, at least 1) when `key` already has `limit` sends in the last second; else 0. */
  check(key: string, limit: number, nowMs: number): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    while (w.length && w[0]! <= nowMs - 1000) w.shift();
    if (w.length < limit) return 0;
    return Math.max(1, Math.ceil((w[0]! + 1000 - nowMs) / 1000));
  }

  record(key: string, nowMs: number): void {
    const w = this.windows.get(key) ?? [];
    w.push(nowMs);
    this.windows.set(key, w);
  }

  clear(): void {
    this.windows.clear();
  }
}

/** The Bot API rules, independent of HTTP (so they can be tested and reused). */
export class BotApiRules {
  readonly sent: SentMessage[] = [];
  readonly rejected: RejectedCall[] = [];
  private readonly limiter = new SlidingWindowLimiter();
  private nextId = 1;
  readonly blocked: Set<string>;

  constructor(private readonly opts: TelegramStandInOptions & { now: () => number; limits: RateLimits }) {
    this.blocked = new Set(opts.blockedChats ?? []);
  }

  sendMessage(params: Record<string, unknown>): Answer {
    const now = this.opts.now();
    const chatId = params.chat_id === undefined || params.chat_id === null ? '' : String(params.chat_id);
    const reject = (answer: Answer): Answer => {
      this.rejected.push({ ...(chatId ? { chatId } : {}), status: answer.status, description: String(answer.body.description), at: now });
      return answer;
    };
    if (!chatId) return reject(error(400, 'Bad Request: chat_id is empty'));
    const text = typeof params.text === 'string' ? params.text : params.text === undefined ? '' : String(params.text);
    if (!text.trim()) return reject(error(400, 'Bad Request: message text is empty'));
    const migrated = this.opts.migratedChats?.[chatId];
    if (migrated) return reject(error(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: Number(migrated) }));
    if (this.opts.knownChats && !this.opts.knownChats.includes(chatId)) return reject(error(400, 'Bad Request: chat not found'));
    if (this.blocked.has(chatId)) return reject(error(403, 'Forbidden: bot was blocked by the user'));
    let plain = text;
    let entities: SentMessage['entities'] = [];
    if (params.parse_mode !== undefined) {
      if (String(params.parse_mode).toLowerCase() !== 'html') return reject(error(400, `Bad Request: unsupported parse_mode "${String(params.parse_mode)}"`));
      const parsed = parseTelegramHtml(text);
      if (!parsed.ok) return reject(error(400, `Bad Request: ${parsed.description}`));
      plain = parsed.text;
      entities = parsed.entities;
    }
    if (!plain.trim()) return reject(error(400, 'Bad Request: message text is empty'));
    if (plain.length > TELEGRAM_TEXT_LIMIT) return reject(error(400, 'Bad Request: message is too long'));
    const limits = this.opts.limits;
    const wait = Math.max(this.limiter.check(`chat:${chatId}`, limits.perChatPerSecond, now), this.limiter.check('bot', limits.perBotPerSecond, now));
    if (wait > 0) return reject(error(429, `Too Many Requests: retry after ${wait}`, { retry_after: wait }));
    this.limiter.record(`chat:${chatId}`, now);
    this.limiter.record('bot', now);
    const message: SentMessage = { messageId: this.nextId++, chatId, html: text, text: plain, entities, at: now };
    this.sent.push(message);
    return {
      status: 200,
      body: { ok: true, result: { message_id: message.messageId, date: Math.floor(now / 1000), chat: { id: Number(chatId), type: 'private' }, text: plain, ...(entities.length ? { entities } : {}) } },
    };
  }

  reset(): void {
    this.sent.length = 0;
    this.rejected.length = 0;
    this.limiter.clear();
  }
}

async function readBody(req: IncomingMessage, max = 1024 * 1024): Promise<string> {
  const body = await readCappedBody(req, max);
  if (!body) throw new Error('request body too large');
  return body.toString('utf8');
}

function params(url: URL, contentType: string | undefined, raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (!raw) return out;
  if (contentType?.includes('application/json')) {
    const body = JSON.parse(raw) as unknown;
    if (body && typeof body === 'object') Object.assign(out, body);
  } else {
    Object.assign(out, Object.fromEntries(new URLSearchParams(raw)));
  }
  return out;
}

function send(res: ServerResponse, status: number, body: string, type: string) {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

function page(rules: BotApiRules, limits: RateLimits, appUrl: string | undefined): string {
  const rows = [...rules.sent]
    .reverse()
    .slice(0, 200)
    .map((m) => {
      const at = new Date(m.at).toISOString();
      return html`<tr><td>${m.chatId}</td><td data-label="message id">${m.messageId}</td><td data-label="sent"><time datetime="${at}">${at}</time></td><td data-label="text"><pre>${m.text}</pre><details><summary>HTML sent</summary><pre>${m.html}</pre></details></td></tr>\n`;
    });
  const rejected = [...rules.rejected]
    .reverse()
    .slice(0, 50)
    .map((r) => html`<li>${new Date(r.at).toISOString()} chat ${r.chatId ?? '?'}: ${r.status} ${r.description}</li>`);
  return localPage(
    'Telegram stand-in',
    html`<h1>Telegram Bot API stand-in</h1>
<p>${rules.sent.length} message(s) accepted, ${rules.rejected.length} rejected. Limits: ${limits.perChatPerSecond}/s per chat, ${limits.perBotPerSecond}/s per bot.</p>
<h2>Received</h2>
${rows.length ? html`<table class="stack"><thead><tr><th scope="col">chat</th><th scope="col">message id</th><th scope="col">sent</th><th scope="col">text</th></tr></thead><tbody>\n${rows}</tbody></table>` : html`<p>Nothing yet.</p>`}
<h2>Rejected</h2>
${rejected.length ? html`<ul>${rejected}</ul>` : html`<p>None.</p>`}`,
    appUrl ? { app: appUrl } : undefined,
  );
}

export async function startTelegramStandIn(options: TelegramStandInOptions = {}): Promise<TelegramStandIn> {
  const now = options.now ?? (() => Date.now());
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const rules = new BotApiRules({ ...options, now, limits });
  let fault = options.fault;
  let botToken = options.botToken;
  let webhook: Webhook | undefined;

  const setWebhook = (p: Record<string, unknown>): Answer => {
    const url = typeof p.url === 'string' ? p.url : '';
    if (!url) {
      webhook = undefined;
      return { status: 200, body: { ok: true, result: true, description: 'Webhook was deleted' } };
    }
    // The real Bot API takes HTTPS only; the stand-in also takes the local runtime's plain-HTTP loopback URL.
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return error(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    const secret = p.secret_token === undefined ? undefined : String(p.secret_token);
    if (secret !== undefined && !SECRET_TOKEN.test(secret)) return error(400, 'Bad Request: secret token contains unallowed characters');
    let allowed: string[] | undefined;
    try {
      allowed = typeof p.allowed_updates === 'string' ? (JSON.parse(p.allowed_updates) as string[]) : (p.allowed_updates as string[] | undefined);
    } catch {
      return error(400, "Bad Request: can't parse allowed updates JSON object");
    }
    webhook = { url, ...(secret ? { secretToken: secret } : {}), ...(allowed ? { allowedUpdates: allowed } : {}) };
    return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
  };

  const webhookInfo = (): Answer => ({
    status: 200,
    body: {
      ok: true,
      result: {
        url: webhook?.url ?? '',
        has_custom_certificate: false,
        pending_update_count: webhook?.pendingUpdates ?? 0,
        ...(webhook ? { max_connections: 40 } : {}),
        ...(webhook?.allowedUpdates ? { allowed_updates: webhook.allowedUpdates } : {}),
        ...(webhook?.lastErrorMessage ? { last_error_date: webhook.lastErrorDate, last_error_message: webhook.lastErrorMessage } : {}),
      },
    },
  });
  const routes: StandInRoute[] = [];
  const hanging = new Set<NodeJS.Timeout>();

  let hosts = new Set<string>();
  const server = createServer((req, res) => {
    void (async () => {
      const check = checkRequest(req, hosts);
      if (!check.ok) return refuse(res, check, req);
      const url = check.url;
      for (const route of routes) if (await route(req, res, url)) return;
      if (req.method === 'GET' && url.pathname === '/') return void res.writeHead(200, PAGE_HEADERS).end(page(rules, limits, options.appUrl));
      if (req.method === 'GET' && url.pathname === '/sent.json') return send(res, 200, JSON.stringify(rules.sent), 'application/json');
      const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!m) return send(res, 404, JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }), 'application/json');
      const [, token, method] = m;
      if (botToken && token !== botToken) return send(res, 401, JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }), 'application/json');
      let p: Record<string, unknown>;
      try {
        p = params(url, req.headers['content-type'], await readBody(req));
      } catch {
        return send(res, 400, JSON.stringify({ ok: false, error_code: 400, description: "Bad Request: can't parse request body" }), 'application/json');
      }
      const injected = fault?.({ method: method!, ...(p.chat_id !== undefined ? { chatId: String(p.chat_id) } : {}), ...(typeof p.text === 'string' ? { text: p.text } : {}) });
      if (injected && 'hangMs' in injected) {
        const t = setTimeout(() => {
          hanging.delete(t);
          send(res, 502, 'Bad Gateway', 'text/plain');
        }, injected.hangMs);
        hanging.add(t);
        return;
      }
      if (injected) return send(res, injected.status, typeof injected.body === 'string' ? injected.body : JSON.stringify(injected.body ?? { ok: false, error_code: injected.status, description: 'Internal Server Error' }), 'application/json');
      let answer: Answer;
      if (method === 'sendMessage') {
        answer = rules.sendMessage(p);
        if (answer.status === 200) await options.onAccepted?.(p, rules.sent.at(-1)!);
      }
      else if (method === 'getMe') answer = { status: 200, body: { ok: true, result: { id: 1, is_bot: true, first_name: 'newshound (local)', username: STAND_IN_BOT_USERNAME } } };
      else if (method === 'setWebhook') answer = setWebhook(p);
      else if (method === 'deleteWebhook') answer = setWebhook({});
      else if (method === 'getWebhookInfo') answer = webhookInfo();
      else answer = error(404, 'Not Found');
      send(res, answer.status, JSON.stringify(answer.body), 'application/json');
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error_code: 500, description: `Internal Server Error: ${err instanceof Error ? err.message : String(err)}` }), 'application/json');
    });
  });
  server.keepAliveTimeout = 5000;
  const host = options.host ?? '127.0.0.1';
  await listen(server, host, options.port ?? 0, 'the Telegram stand-in');
  const { port } = server.address() as AddressInfo;
  hosts = loopbackHosts(port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    sent: () => [...rules.sent],
    rejected: () => [...rules.rejected],
    counts: () => {
      const c = { accepted: rules.sent.length, rateLimited: 0, badRequest: 0, forbidden: 0, other: 0 };
      for (const r of rules.rejected) {
        if (r.status === 429) c.rateLimited++;
        else if (r.status === 400) c.badRequest++;
        else if (r.status === 403) c.forbidden++;
        else c.other++;
      }
      return c;
    },
    block: (chatId) => rules.blocked.add(chatId),
    setFault: (f) => {
      fault = f;
    },
    setBotToken: (token) => {
      botToken = token;
    },
    addRoute: (route) => {
      routes.push(route);
    },
    webhook: () => (webhook ? { ...webhook } : undefined),
    deliverUpdate: async (update) => {
      const target = webhook;
      if (!target) return undefined;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (target.secretToken) headers['x-telegram-bot-api-secret-token'] = target.secretToken;
      try {
        const res = await fetch(target.url, { method: 'POST', headers, body: JSON.stringify(update), signal: AbortSignal.timeout(10_000) });
        const body = await res.text();
        if (res.ok) target.pendingUpdates = 0;
        else Object.assign(target, { lastErrorDate: Math.floor(now() / 1000), lastErrorMessage: `Wrong response from the webhook: ${res.status} ${res.statusText}`, pendingUpdates: (target.pendingUpdates ?? 0) + 1 });
        return { status: res.status, body };
      } catch (err) {
        Object.assign(target, { lastErrorDate: Math.floor(now() / 1000), lastErrorMessage: `Connection refused: ${err instanceof Error ? err.message : String(err)}`, pendingUpdates: (target.pendingUpdates ?? 0) + 1 });
        throw err;
      }
    },
    reset: () => rules.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of hanging) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
