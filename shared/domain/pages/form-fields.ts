/** Form controls shared by the subscribe and preferences pages: labelled, grouped, errors tied to their fields. */
import type { Channel } from '../subscriber.js';
import type { FieldErrors, PreferenceField } from '../subscription/preference-fields.js';
import type { Topic } from '../topic.js';
import { html, type SafeHtml } from './html.js';

/** What the form shows: the person's last input (after an error) or their stored choices. */
export interface FormValues {
  email?: string;
  topics: string[];
  delivery: 'instant' | 'hourly' | 'daily' | string;
  digestAt: string;
  timeZone: string;
  quietStart: string;
  quietEnd: string;
  channels?: string[];
  paused?: boolean;
}

const FIELD_IDS: Record<PreferenceField, string> = {
  email: 'email',
  topics: 'topic-0',
  delivery: 'delivery-instant',
  digestAt: 'digest-at',
  timeZone: 'time-zone',
  quietHours: 'quiet-start',
  channels: 'channel-0',
};

const ORDER: PreferenceField[] = ['email', 'topics', 'delivery', 'digestAt', 'timeZone', 'quietHours', 'channels'];

export function errorSummary(errors: FieldErrors | undefined): SafeHtml {
  const list = ORDER.filter((f) => errors?.[f]);
  if (!list.length) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">Please correct ${list.length === 1 ? 'this' : 'these'}:</h2>
<ul>${list.map((f) => html`<li><a href="#${FIELD_IDS[f]}">${errors![f]!}</a></li>`)}</ul>
</div>`;
}

function fieldError(id: string, message: string | undefined): SafeHtml {
  return message ? html`<span class="error" id="${id}-error">${message}</span>` : html``;
}

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export function emailField(value: string | undefined, error: string | undefined, hint = 'We send a link to this address to confirm it is yours.'): SafeHtml {
  const by = describedBy('email-hint', error && 'email-error');
  return html`<div class="field">
<label class="label" for="email">Email address</label>
<span class="hint" id="email-hint">${hint}</span>
${fieldError('email', error)}
<input type="email" id="email" name="email" autocomplete="email" inputmode="email" spellcheck="false" required maxlength="254" value="${value ?? ''}" aria-describedby="${by}"${error ? html` aria-invalid="true"` : html``}>
</div>`;
}

export function topicsField(topics: readonly Pick<Topic, 'id' | 'name' | 'description'>[], chosen: readonly string[], error: string | undefined): SafeHtml {
  return html`<fieldset${error ? html` aria-describedby="topics-error"` : html``}>
<legend>Topics</legend>
${fieldError('topics', error)}
${topics.map(
  (t, i) => html`<div class="choice">
<input type="checkbox" id="topic-${i}" name="topics" value="${t.id}"${chosen.includes(t.id) ? html` checked` : html``}${t.description ? html` aria-describedby="topic-${i}-hint"` : html``}>
<div><label for="topic-${i}">${t.name}</label>${t.description ? html`<span class="hint" id="topic-${i}-hint">${t.description}</span>` : html``}</div>
</div>`,
)}
</fieldset>`;
}

export function deliveryField(values: Pick<FormValues, 'delivery' | 'digestAt'>, errors: FieldErrors | undefined): SafeHtml {
  const option = (value: string, label: string, hint: string) => html`<div class="choice">
<input type="radio" id="delivery-${value}" name="delivery" value="${value}"${values.delivery === value ? html` checked` : html``} aria-describedby="delivery-${value}-hint">
<div><label for="delivery-${value}">${label}</label><span class="hint" id="delivery-${value}-hint">${hint}</span></div>
</div>`;
  return html`<fieldset${errors?.delivery ? html` aria-describedby="delivery-error"` : html``}>
<legend>How often</legend>
${fieldError('delivery', errors?.delivery)}
${option('instant', 'Instantly', 'One email per article, as soon as we see it.')}
${option('hourly', 'Hourly digest', 'At most one email an hour.')}
${option('daily', 'Daily digest', 'One email a day, at the time below.')}
<div class="field nested">
<label class="label" for="digest-at">Daily digest time</label>
${fieldError('digest-at', errors?.digestAt)}
<input type="time" id="digest-at" name="digestAt" value="${values.digestAt}"${errors?.digestAt ? html` aria-invalid="true" aria-describedby="digest-at-error"` : html``}>
</div>
</fieldset>`;
}

export function timeZoneField(zones: readonly string[], value: string, error: string | undefined): SafeHtml {
  const by = describedBy('time-zone-hint', error && 'time-zone-error');
  return html`<div class="field">
<label class="label" for="time-zone">Time zone</label>
<span class="hint" id="time-zone-hint">For the digest time and quiet hours.</span>
${fieldError('time-zone', error)}
<select id="time-zone" name="timeZone" autocomplete="off" aria-describedby="${by}"${error ? html` aria-invalid="true"` : html``}>
${zones.map((z) => html`<option${z === value ? html` selected` : html``}>${z}</option>`)}
</select>
</div>`;
}

export function quietHoursField(values: Pick<FormValues, 'quietStart' | 'quietEnd'>, error: string | undefined): SafeHtml {
  const invalid = error ? html` aria-invalid="true"` : html``;
  return html`<fieldset aria-describedby="${describedBy('quiet-hint', error && 'quiet-error')}">
<legend>Quiet hours <span class="small">(optional)</span></legend>
<span class="hint" id="quiet-hint">Instant alerts that arrive in this period wait until it ends. Leave both empty for none.</span>
${fieldError('quiet', error)}
<div class="pair">
<div><label for="quiet-start">From</label><input type="time" id="quiet-start" name="quietStart" value="${values.quietStart}"${invalid}></div>
<div><label for="quiet-end">Until</label><input type="time" id="quiet-end" name="quietEnd" value="${values.quietEnd}"${invalid}></div>
</div>
</fieldset>`;
}

const CHANNEL_LABELS: Record<Channel, string> = { email: 'Email', telegram: 'Telegram', webhook: 'Webhook' };

export function channelsField(available: readonly Channel[], chosen: readonly string[], error: string | undefined): SafeHtml {
  if (available.length < 2) return html``;
  return html`<fieldset${error ? html` aria-describedby="channels-error"` : html``}>
<legend>Where to send alerts</legend>
${fieldError('channels', error)}
${available.map(
  (c, i) => html`<div class="choice"><input type="checkbox" id="channel-${i}" name="channels" value="${c}"${chosen.includes(c) ? html` checked` : html``}><label for="channel-${i}">${CHANNEL_LABELS[c]}</label></div>`,
)}
</fieldset>`;
}
