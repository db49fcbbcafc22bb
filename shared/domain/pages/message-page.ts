/** Pages that only say something: a bad or expired link, too many requests, something broke. */
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { newLinkForm } from './new-link-pages.js';

export type MessageKind = 'invalid-link' | 'expired-link' | 'suppressed' | 'not-found' | 'rate-limited' | 'unavailable' | 'bad-request' | 'method-not-allowed' | 'too-large';

const MESSAGES: Record<MessageKind, { title: string; text: string; next?: 'subscribe' | 'retry' | 'new-link' }> = {
  'invalid-link': { title: 'This link does not work', text: 'The link is incomplete or was changed. Copy the whole link from the email, or subscribe again.', next: 'subscribe' },
  'expired-link': {
    title: 'This link has expired',
    text: 'For your safety, links stop working after a while. Enter your address to get a new link by email, or subscribe again.',
    next: 'new-link',
  },
  suppressed: {
    title: 'Alerts to this address are off',
    text: 'Email to this address bounced or was reported as spam, so newshound no longer sends to it. If that was a mistake, ask the site administrator to lift the block.',
  },
  'not-found': { title: 'Page not found', text: 'There is nothing at this address.', next: 'subscribe' },
  'rate-limited': { title: 'Too many requests', text: 'We received many requests from your network. Please wait a while and try again.', next: 'retry' },
  unavailable: { title: 'Something went wrong', text: 'We could not finish that just now. Nothing was changed. Please try again in a minute.', next: 'retry' },
  'bad-request': { title: 'We could not read that request', text: 'Please use the form on the page.', next: 'subscribe' },
  'method-not-allowed': { title: 'Not allowed', text: 'This page cannot be used that way.', next: 'subscribe' },
  'too-large': { title: 'Request too large', text: 'That request was larger than any form on this site sends.', next: 'subscribe' },
};

const NEXT: Record<'subscribe' | 'retry' | 'new-link', SafeHtml> = {
  subscribe: html`<p><a href="/subscribe">Go to the subscribe page</a></p>`,
  retry: html``,
  'new-link': html`${newLinkForm()}
<p class="spaced"><a href="/subscribe">Or subscribe again</a></p>`,
};

export function messagePage(kind: MessageKind): string {
  const m = MESSAGES[kind];
  return layout(
    m.title,
    html`<div class="card">
<h1>${m.title}</h1>
<p>${m.text}</p>
${m.next ? NEXT[m.next] : html``}
</div>`,
  );
}

export function messageTitle(kind: MessageKind): string {
  return MESSAGES[kind].title;
}
