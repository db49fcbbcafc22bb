/** Preferences, reached from every alert by a signed link: topics, how often, time zone, quiet hours, channels, pause. */
import type { Channel, Subscriber } from '../subscriber.js';
import { DEFAULT_DIGEST_AT, type FieldErrors } from '../subscription/preference-fields.js';
import type { Topic } from '../topic.js';
import { channelsField, deliveryField, errorSummary, quietHoursField, timeZoneField, topicsField, type FormValues } from './form-fields.js';
import { html } from './html.js';
import { layout } from './layout.js';

export function preferenceValues(sub: Subscriber): FormValues {
  return {
    topics: sub.topics,
    delivery: sub.mode === 'instant' ? 'instant' : sub.digest?.frequency === 'hourly' ? 'hourly' : 'daily',
    digestAt: sub.digest?.at ?? DEFAULT_DIGEST_AT,
    timeZone: sub.timeZone,
    quietStart: sub.quietHours?.start ?? '',
    quietEnd: sub.quietHours?.end ?? '',
    channels: sub.channels,
    paused: sub.status === 'paused',
  };
}

export interface PreferencesPageInput {
  token: string;
  subscriber: Subscriber;
  topics: readonly Pick<Topic, 'id' | 'name' | 'description'>[];
  timeZones: readonly string[];
  availableChannels: readonly Channel[];
  unsubscribeUrl: string;
  values?: FormValues;
  errors?: FieldErrors;
  saved?: boolean;
}

export function preferencesPage(input: PreferencesPageInput): string {
  const sub = input.subscriber;
  const v = input.values ?? preferenceValues(sub);
  const e = input.errors;
  const hasErrors = Boolean(e && Object.keys(e).length);
  if (sub.status === 'unsubscribed') {
    return layout(
      'Your alerts',
      html`<div class="card">
<h1>Your alerts are off</h1>
${
  sub.email
    ? html`<p><strong>${sub.email}</strong> is unsubscribed. To get alerts again with your previous choices, confirm from your mailbox: we email this address a link. You can change your choices afterwards.</p>
<form method="post" action="/preferences">
<input type="hidden" name="token" value="${input.token}">
<input type="hidden" name="action" value="resume">
<button type="submit">Resume alerts</button>
</form>`
    : html`<p>You are unsubscribed. To get alerts on Telegram again, send /start to the bot.</p>`
}
</div>`,
    );
  }
  return layout(
    hasErrors ? 'Error: Your preferences' : 'Your preferences',
    html`<h1>Your preferences</h1>
${sub.email ? html`<p>Alerts for <strong>${sub.email}</strong>.</p>` : html``}
${input.saved ? html`<p class="notice" role="status">Saved. Changes apply to the next alert.</p>` : html``}
<form class="card" method="post" action="/preferences" novalidate>
${errorSummary(e)}
<input type="hidden" name="token" value="${input.token}">
<input type="hidden" name="action" value="save">
${topicsField(input.topics, v.topics, e?.topics)}
${deliveryField(v, e)}
${timeZoneField(input.timeZones, v.timeZone, e?.timeZone)}
${quietHoursField(v, e?.quietHours)}
${channelsField(input.availableChannels, v.channels ?? [], e?.channels)}
<fieldset>
<legend>Pause</legend>
<div class="choice"><input type="checkbox" id="paused" name="paused" value="yes"${v.paused ? html` checked` : html``} aria-describedby="paused-hint"><div><label for="paused">Pause all alerts</label><span class="hint" id="paused-hint">Keep your choices but send nothing until you untick this.</span></div></div>
</fieldset>
<button type="submit">Save preferences</button>
</form>
<p class="small"><a href="${input.unsubscribeUrl}">Unsubscribe from all alerts</a></p>`,
  );
}
