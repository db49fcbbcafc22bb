/** RFC 8058: the link's GET only asks; the POST (from the mail client's one-click, or this form) unsubscribes. */
import { html } from './html.js';
import { layout } from './layout.js';

export function unsubscribePromptPage(input: { token: string; email?: string; preferencesUrl: string }): string {
  return layout(
    'Unsubscribe',
    html`<div class="card">
<h1>Unsubscribe from newshound?</h1>
<p>${input.email ? html`Stop all news alerts to <strong>${input.email}</strong>.` : html`Stop all news alerts by email.`}</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(input.token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" class="danger">Unsubscribe</button>
</form>
<p class="small spaced">Only want fewer emails? <a href="${input.preferencesUrl}">Change your topics or get a digest instead</a>.</p>
</div>`,
  );
}

/**
 * After the unsubscribe, and whenever the link is opened again. `resumeToken` (a preferences token) lets the person
 * come back in one click: the preferences page's resume, which waits for a confirmation from the mailbox.
 */
export function unsubscribedPage(input: { resumeToken?: string } = {}): string {
  const back = input.resumeToken
    ? html`<form method="post" action="/preferences">
<input type="hidden" name="token" value="${input.resumeToken}">
<input type="hidden" name="action" value="resume">
<button type="submit">Subscribe again</button>
</form>
<p class="small">We email you a link to confirm; your previous topics and settings are kept.</p>`
    : html`<p class="small">Changed your mind? <a href="/subscribe">Subscribe again</a>.</p>`;
  return layout(
    'You are unsubscribed',
    html`<div class="card">
<h1>You are unsubscribed</h1>
<p role="status">You get no news alerts by email from newshound.</p>
${back}
</div>`,
  );
}
