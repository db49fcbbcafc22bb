/**
 * Email rendering: HTML (escaped, inline styles, no script, no handlers, http(s) links only) and plain text.
 * Pure: the MIME message is built by the mail adapter from { subject, html, text, headers }.
 */
import type { AlertView } from './alert-view.js';
import { escapeHtml, oneLine, truncate } from './escape.js';

export interface EmailLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailContext extends EmailLinks {
  /** A line shown above the alert(s), e.g. why a digest replaced instant alerts. Plain text. */
  notice?: string;
  /** The language tag of the email (<html lang>); English when absent. */
  lang?: string;
}

const SUBJECT_MAX = 150;
const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const MUTED = 'color:#555555;';

function topicNames(views: AlertView[]): string[] {
  return [...new Set(views.flatMap((v) => v.matches.map((m) => m.topicName)))];
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p style="margin:0 0 12px;">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function matchesHtml(view: AlertView): string {
  return view.matches
    .map((m) => {
      const terms = m.terms.length ? ` — matched ${m.terms.map((t) => `<strong>${escapeHtml(t)}</strong>`).join(', ')}` : '';
      const snippet = m.snippet ? `<br><span style="${MUTED}">“${escapeHtml(m.snippet)}”</span>` : '';
      return `<li style="margin:0 0 6px;">Topic <strong>${escapeHtml(m.topicName)}</strong>${terms}${snippet}</li>`;
    })
    .join('');
}

function articleHtml(view: AlertView, headingTag: 'h1' | 'h2'): string {
  const size = headingTag === 'h1' ? '20px' : '18px';
  const title = view.link
    ? `<a href="${escapeHtml(view.link)}" style="color:#0645ad;text-decoration:underline;">${escapeHtml(view.title)}</a>`
    : escapeHtml(view.title);
  const meta = [escapeHtml(view.source), view.when ? escapeHtml(view.when) : ''].filter(Boolean).join(' · ');
  return [
    `<${headingTag} style="font-size:${size};line-height:1.3;margin:0 0 6px;">${title}</${headingTag}>`,
    `<p style="margin:0 0 12px;font-size:14px;${MUTED}">${meta}</p>`,
    view.summary ? paragraphs(view.summary) : '',
    `<ul style="margin:0 0 12px;padding-left:20px;font-size:14px;">${matchesHtml(view)}</ul>`,
    view.link ? `<p style="margin:0 0 16px;"><a href="${escapeHtml(view.link)}" style="color:#0645ad;">Read the article</a></p>` : '',
    alsoReportedHtml(view),
  ].join('');
}

function alsoReportedHtml(view: AlertView): string {
  if (!view.alsoReportedBy?.length) return '';
  const items = view.alsoReportedBy.map((o) => {
    const source = o.link ? `<a href="${escapeHtml(o.link)}" style="color:#0645ad;">${escapeHtml(o.source)}</a>` : escapeHtml(o.source);
    return `<li style="margin:0 0 4px;">${source}: ${escapeHtml(o.title)}</li>`;
  });
  return `<p style="margin:0 0 4px;font-size:14px;">Also reported by:</p><ul style="margin:0 0 16px;padding-left:20px;font-size:14px;">${items.join('')}</ul>`;
}

function page(titleText: string, intro: string, body: string, ctx: EmailContext): string {
  const notice = ctx.notice ? `<p style="margin:0 0 16px;padding:8px 12px;background:#fff4ce;border-left:4px solid #c99a00;">${escapeHtml(ctx.notice)}</p>` : '';
  return [
    `<!DOCTYPE html><html lang="${escapeHtml(ctx.lang ?? 'en')}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(titleText)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f2f2f2;">`,
    `<div style="max-width:600px;margin:0 auto;padding:16px;background:#ffffff;color:#1a1a1a;${FONT}font-size:16px;line-height:1.5;">`,
    `<p style="margin:0 0 12px;font-size:13px;${MUTED}">${escapeHtml(intro)}</p>`,
    notice,
    body,
    '<hr style="border:0;border-top:1px solid #dddddd;margin:16px 0;">',
    `<p style="margin:0;font-size:13px;${MUTED}">You get this because you follow these topics on newshound. `,
    `<a href="${escapeHtml(ctx.preferencesUrl)}" style="color:#0645ad;">Change preferences</a> · `,
    `<a href="${escapeHtml(ctx.unsubscribeUrl)}" style="color:#0645ad;">Unsubscribe</a></p>`,
    '</div></body></html>',
  ].join('');
}

function articleText(view: AlertView): string {
  const lines = [view.title, [view.source, view.when].filter(Boolean).join(' · ')];
  if (view.summary) lines.push('', view.summary);
  lines.push('');
  for (const m of view.matches) lines.push(`Topic ${m.topicName}${m.terms.length ? ` — matched ${m.terms.join(', ')}` : ''}${m.snippet ? `\n  “${m.snippet}”` : ''}`);
  if (view.link) lines.push('', `Read the article: ${view.link}`);
  if (view.alsoReportedBy?.length) lines.push('', 'Also reported by:', ...view.alsoReportedBy.map((o) => `- ${o.source}: ${o.title}${o.link ? ` <${o.link}>` : ''}`));
  return lines.join('\n');
}

function footerText(ctx: EmailContext): string {
  return ['', '--', 'You get this because you follow these topics on newshound.', `Change preferences: ${ctx.preferencesUrl}`, `Unsubscribe: ${ctx.unsubscribeUrl}`].join('\n');
}

export function renderAlertEmail(view: AlertView, ctx: EmailContext): RenderedEmail {
  const topics = topicNames([view]).join(', ');
  const subject = truncate(oneLine(`[newshound] ${topics}: ${view.title}`), SUBJECT_MAX);
  const intro = `newshound alert · ${topics}`;
  return {
    subject,
    html: page(view.title, intro, articleHtml(view, 'h1'), ctx),
    text: [intro, ctx.notice ? `\n${ctx.notice}` : '', '', articleText(view), footerText(ctx)].join('\n').replace(/\n{3,}/g, '\n\n'),
  };
}

export function renderDigestEmail(views: AlertView[], ctx: EmailContext & { heading: string }): RenderedEmail {
  const topics = topicNames(views);
  const subject = truncate(oneLine(`[newshound] ${ctx.heading}: ${views.length} alert${views.length === 1 ? '' : 's'} — ${topics.join(', ')}`), SUBJECT_MAX);
  const body = views.map((v) => `<div style="margin:0 0 20px;">${articleHtml(v, 'h2')}</div>`).join('<hr style="border:0;border-top:1px solid #eeeeee;margin:0 0 16px;">');
  const text = [
    `newshound · ${ctx.heading}`,
    ctx.notice ?? '',
    '',
    views.map((v, i) => `${i + 1}. ${articleText(v)}`).join('\n\n'),
    footerText(ctx),
  ].join('\n');
  return { subject, html: page(ctx.heading, `newshound · ${ctx.heading} · ${topics.join(', ')}`, body, ctx), text: text.replace(/\n{3,}/g, '\n\n') };
}
