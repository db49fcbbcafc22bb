/** Double opt-in: the link opens a page with a button (link scanners follow GETs; only a person presses the button). */
import type { Subscriber } from '../subscriber.js';
import { describeDelivery, describeQuietHours, topicNames } from '../subscription/describe-preferences.js';
import type { Topic } from '../topic.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export function choicesSummary(sub: Subscriber, topics: readonly Pick<Topic, 'id' | 'name'>[]): SafeHtml {
  const quiet = describeQuietHours(sub);
  return html`<ul class="summary">
<li>Topics: ${topicNames(sub.topics, topics).join(', ') || 'none'}</li>
<li>How often: ${describeDelivery(sub)}</li>
${quiet ? html`<li>Quiet hours: ${quiet}</li>` : html``}
</ul>`;
}

export function confirmPromptPage(input: { token: string; subscriber: Subscriber; topics: readonly Pick<Topic, 'id' | 'name'>[] }): string {
  return layout(
    'Confirm your alerts',
    html`<div class="card">
<h1>Confirm your alerts</h1>
<p>Send news alerts to <strong>${input.subscriber.email ?? ''}</strong>:</p>
${choicesSummary(input.subscriber, input.topics)}
<form method="post" action="/confirm">
<input type="hidden" name="token" value="${input.token}">
<button type="submit">Confirm my alerts</button>
</form>
</div>`,
  );
}

export function confirmedPage(input: { subscriber: Subscriber; topics: readonly Pick<Topic, 'id' | 'name'>[]; preferencesUrl: string; already: boolean }): string {
  return layout(
    input.already ? 'Already confirmed' : 'You are subscribed',
    html`<div class="card">
<h1>${input.already ? 'Already confirmed' : 'You are subscribed'}</h1>
<p role="status">${input.already ? 'This address was already confirmed.' : 'Thanks for confirming.'} Alerts go to <strong>${input.subscriber.email ?? ''}</strong>:</p>
${choicesSummary(input.subscriber, input.topics)}
<p><a href="${input.preferencesUrl}">Change your preferences</a></p>
</div>`,
  );
}
