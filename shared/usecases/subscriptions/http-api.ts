/**
 * The subscription pages and API, runtime-neutral: the subscriptions Lambda (API Gateway HTTP API) and
 * the local server both translate to HttpRequest and back. HTML by default; JSON when asked for.
 *
 *   GET  / | /subscribe            the form                 POST /subscribe     request (double opt-in)
 *   GET  /confirm?token=           what is being confirmed  POST /confirm       confirm
 *   GET  /preferences?token=       the choices              POST /preferences   save, pause, resume (by email);
 *                                                           without a token: email me a new link
 *   GET  /unsubscribe?token=       asks (changes nothing)   POST /unsubscribe   RFC 8058 one-click
 */
import { EMPTY_SUBSCRIBE_VALUES, checkEmailPage, notMailingYetPage, subscribePage } from '../../domain/pages/subscribe-page.js';
import { confirmPromptPage, confirmedPage } from '../../domain/pages/confirm-pages.js';
import type { FormValues } from '../../domain/pages/form-fields.js';
import { PAGE_HEADERS } from '../../domain/pages/layout.js';
import { messagePage, messageTitle, type MessageKind } from '../../domain/pages/message-page.js';
import { newLinkPage, newLinkSentPage } from '../../domain/pages/new-link-pages.js';
import { preferencesPage } from '../../domain/pages/preferences-page.js';
import { unsubscribePromptPage, unsubscribedPage } from '../../domain/pages/unsubscribe-pages.js';
import { parseEmailField, parseSubscribeFields, type RawPreferenceFields } from '../../domain/subscription/preference-fields.js';
import { listTimeZones } from '../../domain/subscription/time-zones.js';
import type { Subscriber } from '../../domain/subscriber.js';
import type { SubscriptionDeps } from './deps.js';
import { confirmSubscription, viewConfirmation } from './confirm.js';
import { MAX_BODY_BYTES, type HttpRequest, type HttpResponse } from './http-types.js';
import { savePreferences, viewPreferences } from './preferences.js';
import { requestLimit } from './request-limits.js';
import { requestLink } from './request-link.js';
import { recentMatchesByTopic } from './recent-matches.js';
import { subscribe } from './subscribe.js';
import { telegramChoice } from './telegram-choice.js';
import { unsubscribe, viewUnsubscribe } from './unsubscribe.js';

export const SUBSCRIPTION_PATHS: readonly string[] = ['/', '/subscribe', '/confirm', '/preferences', '/unsubscribe'];

type Body = { kind: 'fields'; fields: Record<string, unknown> } | { kind: 'invalid' } | { kind: 'too-large' };

const LIST_FIELDS = new Set(['topics', 'channels']);

/** Form (urlencoded) or JSON bodies → fields; anything else (multipart from a mail client's one-click POST) → no fields. */
export function parseBody(req: Pick<HttpRequest, 'headers' | 'body'>): Body {
  if (Buffer.byteLength(req.body, 'utf8') > MAX_BODY_BYTES) return { kind: 'too-large' };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const value: unknown = JSON.parse(req.body || '{}');
      return value && typeof value === 'object' && !Array.isArray(value) ? { kind: 'fields', fields: value as Record<string, unknown> } : { kind: 'invalid' };
    } catch {
      return { kind: 'invalid' };
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === '') {
    const params = new URLSearchParams(req.body);
    const fields: Record<string, unknown> = {};
    for (const key of new Set(params.keys())) fields[key] = LIST_FIELDS.has(key) ? params.getAll(key) : params.get(key);
    return { kind: 'fields', fields };
  }
  return { kind: 'fields', fields: {} };
}

function wantsJson(req: Pick<HttpRequest, 'headers'>): boolean {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const accept = (req.headers['accept'] ?? '').toLowerCase();
  return type.startsWith('application/json') || (accept.includes('application/json') && !accept.includes('text/html'));
}

const page = (status: number, body: string, extra: Record<string, string> = {}): HttpResponse => ({ status, headers: { ...PAGE_HEADERS, ...extra }, body });
const json = (status: number, body: unknown, extra: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra },
  body: JSON.stringify(body),
});

const STATUS_OF: Record<MessageKind, number> = {
  'invalid-link': 400,
  'expired-link': 410,
  suppressed: 410,
  'not-found': 404,
  'rate-limited': 429,
  unavailable: 503,
  'bad-request': 400,
  'method-not-allowed': 405,
  'too-large': 413,
};

function message(req: HttpRequest, kind: MessageKind, extra: Record<string, string> = {}): HttpResponse {
  const status = STATUS_OF[kind];
  return wantsJson(req) ? json(status, { ok: false, error: kind, message: messageTitle(kind) }, extra) : page(status, messagePage(kind), extra);
}

function tokenOf(req: HttpRequest, fields?: Record<string, unknown>): string | undefined {
  const fromBody = fields?.token;
  return req.query.get('token') ?? (typeof fromBody === 'string' ? fromBody : undefined);
}

function formValues(fields: RawPreferenceFields, base: FormValues): FormValues {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' ? v : fallback);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
  return {
    ...base,
    email: str(fields.email, base.email ?? ''),
    topics: list(fields.topics),
    delivery: str(fields.delivery, base.delivery),
    digestAt: str(fields.digestAt, base.digestAt),
    timeZone: str(fields.timeZone, base.timeZone),
    quietStart: str(fields.quietStart, ''),
    quietEnd: str(fields.quietEnd, ''),
    channels: list(fields.channels),
    paused: fields.paused !== undefined && fields.paused !== null && fields.paused !== '' && fields.paused !== false,
  };
}

const publicView = (sub: Subscriber) => ({
  status: sub.status,
  topics: sub.topics,
  mode: sub.mode,
  ...(sub.digest ? { digest: sub.digest } : {}),
  timeZone: sub.timeZone,
  ...(sub.quietHours ? { quietHours: sub.quietHours } : {}),
  channels: sub.channels,
});

/** "Email me a new link" from an expired link's page: the same answer for every address. */
async function newLinkRequest(deps: SubscriptionDeps, req: HttpRequest, fields: Record<string, unknown>): Promise<HttpResponse> {
  const parsed = parseEmailField(fields);
  if (!parsed.ok) {
    return wantsJson(req)
      ? json(400, { ok: false, error: 'invalid-fields', fields: parsed.errors })
      : page(400, newLinkPage({ email: typeof fields.email === 'string' ? fields.email : '', error: parsed.errors.email! }));
  }
  const outcome = await requestLink(deps, { email: parsed.value.email, clientIp: req.sourceIp });
  if (outcome.kind === 'rate-limited') return message(req, 'rate-limited', { 'retry-after': String(outcome.retryAfterSeconds) });
  deps.log?.('new link request', { outcome: outcome.detail });
  return wantsJson(req) ? json(202, { ok: true, message: 'If this address gets alerts, an email with a new link is on its way.' }) : page(200, newLinkSentPage());
}

/** The subscribe form, the Telegram choice (with its link once topics were sent) and each topic's recent matches. */
async function subscribeFormPage(deps: SubscriptionDeps, req: HttpRequest, timeZones: readonly string[]): Promise<HttpResponse> {
  const topics = deps.config.topics;
  const telegram = telegramChoice(deps.config, req.query);
  const recent = deps.recent ? await recentMatchesByTopic({ ...deps.recent, ...(deps.log ? { log: deps.log } : {}) }, topics.map((t) => t.id)) : undefined;
  return page(telegram?.error ? 400 : 200, subscribePage({ topics, timeZones, ...(telegram ? { telegram } : {}), ...(recent ? { recent } : {}) }));
}

/** Handles one request to a subscription path (see SUBSCRIPTION_PATHS); a failing store or mailer becomes a 503 page. */
export async function handleSubscriptionRequest(deps: SubscriptionDeps, req: HttpRequest): Promise<HttpResponse> {
  try {
    return await route(deps, req);
  } catch (error) {
    deps.log?.('subscription request failed', { method: req.method, path: req.path, error: error instanceof Error ? error.message : String(error) });
    return message(req, 'unavailable', { 'retry-after': '60' });
  }
}

/** Whether the provider may mail only verified addresses; when the account cannot be read, assume it may mail anyone. */
async function inSandbox(deps: SubscriptionDeps): Promise<boolean> {
  if (!deps.sendingAccount) return false;
  try {
    return await deps.sendingAccount.inSandbox();
  } catch (error) {
    deps.log?.('sending account unreadable', { error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

async function route(deps: SubscriptionDeps, req: HttpRequest): Promise<HttpResponse> {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  if (!SUBSCRIPTION_PATHS.includes(req.path)) return message(req, 'not-found');
  if (method !== 'GET' && method !== 'POST') return message(req, 'method-not-allowed', { allow: 'GET, POST' });
  const topics = deps.config.topics;
  const timeZones = listTimeZones();

  let fields: Record<string, unknown> = {};
  if (method === 'POST') {
    const body = parseBody(req);
    if (body.kind === 'too-large') return message(req, 'too-large');
    if (body.kind === 'invalid') return message(req, 'bad-request');
    fields = body.fields;
  }
  const token = tokenOf(req, fields);
  const retryAfter = await requestLimit(deps, req, token);
  if (retryAfter !== undefined) return message(req, 'rate-limited', { 'retry-after': String(retryAfter) });

  switch (`${method} ${req.path}`) {
    case 'GET /':
    case 'GET /subscribe':
      if (wantsJson(req)) return json(200, { topics: topics.map((t) => ({ id: t.id, name: t.name })), timeZones });
      return subscribeFormPage(deps, req, timeZones);

    case 'POST /subscribe': {
      const parsed = parseSubscribeFields(fields, topics.map((t) => t.id));
      if (!parsed.ok) {
        return wantsJson(req)
          ? json(400, { ok: false, error: 'invalid-fields', fields: parsed.errors })
          : page(400, subscribePage({ topics, timeZones, values: formValues(fields, EMPTY_SUBSCRIBE_VALUES), errors: parsed.errors }));
      }
      // The account's state is asked for every request alike, whatever the address.
      const [outcome, sandboxed] = await Promise.all([subscribe(deps, { request: parsed.value, clientIp: req.sourceIp }), inSandbox(deps)]);
      if (outcome.kind === 'rate-limited') return message(req, 'rate-limited', { 'retry-after': String(outcome.retryAfterSeconds) });
      deps.log?.('subscribe request', { outcome: outcome.detail, sandboxed });
      if (sandboxed) {
        return wantsJson(req)
          ? json(202, { ok: true, sandbox: true, message: 'This site cannot email most addresses yet (its email provider is still in test mode); please subscribe again in a few days.' })
          : page(200, notMailingYetPage({ email: parsed.value.email }));
      }
      return wantsJson(req)
        ? json(202, { ok: true, message: 'If this address can receive alerts, a confirmation email is on its way.' })
        : page(200, checkEmailPage({ email: parsed.value.email, ttlHours: deps.config.confirmTtlHours }));
    }

    case 'GET /confirm': {
      const view = await viewConfirmation(deps, token);
      switch (view.kind) {
        case 'pending':
          return wantsJson(req) ? json(200, { ok: true, status: 'pending', subscription: publicView(view.subscriber) }) : page(200, confirmPromptPage({ token: token!, subscriber: view.subscriber, topics }));
        case 'already':
          return wantsJson(req) ? json(200, { ok: true, status: 'confirmed' }) : page(200, confirmedPage({ subscriber: view.subscriber, topics, preferencesUrl: view.preferencesUrl, already: true }));
        case 'gone':
          return message(req, 'expired-link');
        default:
          return message(req, view.kind === 'expired' ? 'expired-link' : 'invalid-link');
      }
    }

    case 'POST /confirm': {
      const result = await confirmSubscription(deps, token);
      switch (result.kind) {
        case 'confirmed':
        case 'already':
          return wantsJson(req)
            ? json(200, { ok: true, status: 'confirmed', subscription: publicView(result.subscriber) })
            : page(200, confirmedPage({ subscriber: result.subscriber, topics, preferencesUrl: result.preferencesUrl, already: result.kind === 'already' }));
        case 'gone':
          return message(req, 'expired-link');
        default:
          return message(req, result.kind === 'expired' ? 'expired-link' : 'invalid-link');
      }
    }

    case 'GET /preferences': {
      const view = await viewPreferences(deps, token);
      if (view.kind !== 'ok') return message(req, view.kind === 'gone' || view.kind === 'expired' ? 'expired-link' : view.kind === 'suppressed' ? 'suppressed' : 'invalid-link');
      if (wantsJson(req)) return json(200, { ok: true, subscription: publicView(view.subscriber), availableChannels: view.availableChannels });
      return page(200, preferencesPage({ token: token!, subscriber: view.subscriber, topics, timeZones, availableChannels: view.availableChannels, unsubscribeUrl: view.unsubscribeUrl, saved: req.query.get('saved') === '1' }));
    }

    case 'POST /preferences': {
      if (fields.action === 'email-link' && !token) return newLinkRequest(deps, req, fields);
      const action = fields.action === 'resume' ? 'resume' : 'save';
      const result = await savePreferences(deps, token, { action, fields, clientIp: req.sourceIp });
      switch (result.kind) {
        case 'confirmation-sent':
          return wantsJson(req) ? json(202, { ok: true, status: 'confirmation-sent' }) : page(200, checkEmailPage({ email: result.email, ttlHours: deps.config.confirmTtlHours }));
        case 'rate-limited':
          return message(req, 'rate-limited', { 'retry-after': String(result.retryAfterSeconds) });
        case 'saved':
          if (wantsJson(req)) return json(200, { ok: true, subscription: publicView(result.subscriber) });
          // Post/Redirect/Get: a reload does not submit again.
          return { status: 303, headers: { ...PAGE_HEADERS, location: `/preferences?token=${encodeURIComponent(token!)}&saved=1` }, body: '' };
        case 'rejected':
          if (wantsJson(req)) return json(400, { ok: false, error: 'invalid-fields', fields: result.errors });
          return page(
            400,
            preferencesPage({
              token: token!,
              subscriber: result.subscriber,
              topics,
              timeZones,
              availableChannels: result.availableChannels,
              unsubscribeUrl: result.unsubscribeUrl,
              values: formValues(fields, EMPTY_SUBSCRIBE_VALUES),
              errors: result.errors,
            }),
          );
        case 'suppressed':
          return message(req, 'suppressed');
        case 'gone':
        case 'expired':
          return message(req, 'expired-link');
        default:
          return message(req, 'invalid-link');
      }
    }

    case 'GET /unsubscribe': {
      const view = await viewUnsubscribe(deps, token);
      if (view.kind === 'expired' || view.kind === 'invalid') return message(req, view.kind === 'expired' ? 'expired-link' : 'invalid-link');
      if (wantsJson(req)) return json(200, { ok: true, subscribed: view.kind === 'ok' });
      if (view.kind === 'unsubscribed') return page(200, unsubscribedPage(view.resumeToken ? { resumeToken: view.resumeToken } : {}));
      return page(200, unsubscribePromptPage({ token: token!, ...(view.subscriber?.email ? { email: view.subscriber.email } : {}), preferencesUrl: view.preferencesUrl }));
    }

    case 'POST /unsubscribe': {
      const result = await unsubscribe(deps, token);
      if (result.kind !== 'unsubscribed') return message(req, result.kind === 'expired' ? 'expired-link' : 'invalid-link');
      // RFC 8058: answer the one-click POST directly (no redirect).
      return wantsJson(req) ? json(200, { ok: true, status: 'unsubscribed' }) : page(200, unsubscribedPage(result.resumeToken ? { resumeToken: result.resumeToken } : {}));
    }

    default:
      return message(req, 'method-not-allowed', { allow: 'GET, POST' });
  }
}
