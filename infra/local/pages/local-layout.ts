import { html, type SafeHtml } from '../../../shared/domain/pages/html.js';
import { layout } from '../../../shared/domain/pages/layout.js';

/** Where the local runtime's pages live (the app server, local SES, the Telegram stand-in). */
export interface LocalUrls {
  app: string;
  ses?: string;
  telegram?: string;
}

/**
 * The shell of every local page (status, webhook inbox, Telegram stand-in, 404): the subscription pages' layout
 * and stylesheet, wider, with the local pages in its nav. Links are absolute when `urls` are given, so a page
 * served on another port (the stand-in) leads back to the app server.
 */
export function localPage(title: string, main: SafeHtml, urls?: LocalUrls): string {
  const app = urls?.app;
  const nav = [
    ...(app !== undefined
      ? [
          { href: `${app}/`, text: 'Status' },
          { href: `${app}/feeds/`, text: 'Feeds' },
          { href: `${app}/subscribe`, text: 'Subscribe' },
          { href: `${app}/webhooks/inbox`, text: 'Webhooks' },
        ]
      : []),
    ...(urls?.ses ? [{ href: urls.ses, text: 'Emails' }] : []),
    ...(urls?.telegram ? [{ href: urls.telegram, text: 'Telegram' }] : []),
  ];
  return layout(title, main, {
    nav,
    home: `${app ?? ''}/`,
    wide: true,
    footer: html`<p>newshound, running locally: nothing here leaves this machine. The outbox folder keeps a copy of every message sent.</p>`,
  });
}

/** The app server's answer for a path nothing serves. */
export function notFoundPage(path: string, urls?: LocalUrls): string {
  return localPage(
    'Page not found',
    html`<div class="card">
<h1>Page not found</h1>
<p>Nothing is served at <code>${path}</code>.</p>
<p><a href="${urls?.app ?? ''}/">Go to the status page</a> or <a href="${urls?.app ?? ''}/subscribe">the subscribe page</a>.</p>
</div>`,
    urls,
  );
}
