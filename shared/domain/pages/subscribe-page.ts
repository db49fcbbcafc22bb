/** The subscribe form, and the page every subscribe request gets (whatever the address's state). */
import type { FieldErrors } from '../subscription/preference-fields.js';
import type { Topic } from '../topic.js';
import { deliveryField, emailField, errorSummary, quietHoursField, timeZoneField, topicsField, type FormValues } from './form-fields.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { recentMatchesSection, type RecentMatch } from './recent-matches.js';
import { telegramSection, type TelegramChoice } from './telegram-choice.js';

export const EMPTY_SUBSCRIBE_VALUES: FormValues = { email: '', topics: [], delivery: 'instant', digestAt: '08:00', timeZone: 'UTC', quietStart: '', quietEnd: '' };

export function subscribePage(input: {
  topics: readonly Pick<Topic, 'id' | 'name' | 'description'>[];
  timeZones: readonly string[];
  values?: FormValues;
  errors?: FieldErrors;
  /** Offered when the bot's username is configured. */
  telegram?: TelegramChoice;
  /** Per topic id, its newest matched articles. */
  recent?: Readonly<Record<string, readonly RecentMatch[]>>;
}): string {
  const v = input.values ?? EMPTY_SUBSCRIBE_VALUES;
  const e = input.errors;
  const title = e && Object.keys(e).length ? 'Error: Get news alerts by email' : 'Get news alerts by email';
  return layout(
    title,
    html`<h1>Get news alerts by email</h1>
<p>Choose the topics you want to follow. We send you one email to confirm your address; nothing else arrives until you confirm.</p>
<form class="card" method="post" action="/subscribe" novalidate>
${errorSummary(e)}
${emailField(v.email, e?.email)}
${topicsField(input.topics, v.topics, e?.topics)}
${deliveryField(v, e)}
${timeZoneField(input.timeZones, v.timeZone, e?.timeZone)}
${quietHoursField(v, e?.quietHours)}
<button type="submit">Subscribe</button>
</form>
<p class="small">Every alert has a link to change your preferences and a one-click unsubscribe link.</p>
${input.telegram ? telegramSection(input.topics, input.telegram) : html``}
${input.recent ? recentMatchesSection(input.topics, input.recent) : html``}`,
  );
}

export function checkEmailPage(input: { email: string; ttlHours: number }): string {
  return layout(
    'Check your email',
    html`<div class="card">
<h1>Check your email</h1>
<p>If <strong>${input.email}</strong> can receive alerts, we have sent it an email with a link.</p>
<p>Open the link within ${input.ttlHours} hours to confirm. Nothing else is sent until you do.</p>
<p class="small">No email? Check your spam folder, or <a href="/subscribe">try again</a> in a few minutes.</p>
</div>`,
  );
}

/**
 * What every subscribe request gets while the site's email provider may mail only its operator's own addresses (the
 * Amazon SES sandbox): the same page for every address, so it tells nothing about any of them.
 */
export function notMailingYetPage(input: { email: string }): string {
  return layout(
    'We cannot email you yet',
    html`<div class="card">
<h1>We cannot email you yet</h1>
<p>This site is still being set up: its email provider lets it write only to a few test addresses for now, so the confirmation email for <strong>${input.email}</strong> will most likely not arrive.</p>
<p>Nothing is sent to you until you confirm. Please <a href="/subscribe">subscribe again</a> in a few days.</p>
<p class="small">If you run this site: ask Amazon SES for production access (leave the SES sandbox), then subscribers receive their emails.</p>
</div>`,
  );
}
