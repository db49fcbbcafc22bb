/** A new link by email, for someone whose link expired: the form, and the answer every address gets alike. */
import { emailField, errorSummary } from './form-fields.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export function newLinkForm(input: { email?: string; error?: string } = {}): SafeHtml {
  return html`<form method="post" action="/preferences" novalidate>
<input type="hidden" name="action" value="email-link">
${emailField(input.email, input.error, 'If this address gets alerts, we email it a new link to your preferences.')}
<button type="submit">Email me a new link</button>
</form>`;
}

/** The form again, with what was wrong with the address typed. */
export function newLinkPage(input: { email: string; error: string }): string {
  return layout(
    'Error: Get a new link',
    html`<div class="card">
<h1>Get a new link</h1>
${errorSummary({ email: input.error })}
${newLinkForm(input)}
</div>`,
  );
}

export function newLinkSentPage(): string {
  return layout(
    'Check your email',
    html`<div class="card">
<h1>Check your email</h1>
<p role="status">If this address gets alerts, we have sent it an email with a new link to your preferences and one to unsubscribe.</p>
<p class="small">Not getting alerts yet? <a href="/subscribe">Subscribe</a>.</p>
</div>`,
  );
}
