/**
 * Telegram rendering in HTML parse mode: text from feeds is plain text (entities were decoded by the
 * normaliser), so only `<`, `>`, `&` are escaped; only tags Telegram supports are produced; long messages are split.
 */
import type { AlertView } from './alert-view.js';
import { escapeTelegram, escapeTelegramAttribute } from './escape.js';
import { splitTelegramHtml, TELEGRAM_MAX_LENGTH } from './telegram-split.js';

function entryHtml(view: AlertView): string {
  const title = view.link ? `<a href="${escapeTelegramAttribute(view.link)}"><b>${escapeTelegram(view.title)}</b></a>` : `<b>${escapeTelegram(view.title)}</b>`;
  const meta = [view.source, view.when].filter(Boolean).map((s) => escapeTelegram(s!)).join(' · ');
  const lines = [title, `<i>${meta}</i>`];
  if (view.summary) lines.push('', escapeTelegram(view.summary));
  for (const m of view.matches) {
    const terms = m.terms.length ? `: ${m.terms.map((t) => `<code>${escapeTelegram(t)}</code>`).join(', ')}` : '';
    lines.push(`🔎 <b>${escapeTelegram(m.topicName)}</b>${terms}`);
  }
  if (view.alsoReportedBy?.length) {
    const others = view.alsoReportedBy.map((o) => (o.link ? `<a href="${escapeTelegramAttribute(o.link)}">${escapeTelegram(o.source)}</a>` : escapeTelegram(o.source)));
    lines.push(`📰 Also reported by ${others.join(', ')}`);
  }
  return lines.join('\n');
}

/** One alert as one or more Telegram messages (HTML). */
export function renderAlertTelegram(view: AlertView, opts: { notice?: string; limit?: number } = {}): string[] {
  const head = opts.notice ? `<i>${escapeTelegram(opts.notice)}</i>\n\n` : '';
  return splitTelegramHtml(`${head}${entryHtml(view)}`, opts.limit ?? TELEGRAM_MAX_LENGTH);
}

/** A digest as Telegram messages: a heading, then one entry per alert, split between entries where possible. */
export function renderDigestTelegram(views: AlertView[], opts: { heading: string; notice?: string; limit?: number }): string[] {
  const head = [`<b>${escapeTelegram(opts.heading)}</b> — ${views.length} alert${views.length === 1 ? '' : 's'}`];
  if (opts.notice) head.push(`<i>${escapeTelegram(opts.notice)}</i>`);
  const body = views.map((v, i) => `${i + 1}. ${entryHtml(v)}`).join('\n\n');
  return splitTelegramHtml(`${head.join('\n')}\n\n${body}`, opts.limit ?? TELEGRAM_MAX_LENGTH);
}
