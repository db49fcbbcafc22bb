/**
 * The page shell of the subscription pages: server-rendered, no JavaScript, one inline stylesheet
 * allowed by hash in a strict Content-Security-Policy. Readable on a phone; visible focus; WCAG AA contrast.
 */
import { createHash } from 'node:crypto';
import { html, trusted, type SafeHtml } from './html.js';

/** The stylesheet every page shares: the subscription pages, the local pages and the published feeds index. */
export const PAGE_STYLESHEET = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f4f5f7;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.site{background:#102a43;color:#fff;padding:.75rem 1rem}
.site a{color:#fff;font-weight:700;text-decoration:none;font-size:1.125rem}
main{max-width:36rem;margin:0 auto;padding:.5rem 1rem 2rem}
.card{background:#fff;border:1px solid #c9ced6;border-radius:8px;padding:1.25rem;margin:1rem 0}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem}
p{margin:0 0 1rem}
.field,fieldset{margin:0 0 1.5rem}
fieldset{border:0;padding:0;min-width:0}
legend,.label{display:block;font-weight:600;padding:0;margin:0 0 .35rem}
.hint{display:block;color:#4a5565;font-size:.9375rem;margin:0 0 .5rem}
input[type=email],input[type=time],select{font:inherit;color:#1a1a1a;background:#fff;border:2px solid #5b6675;border-radius:6px;padding:.5rem .65rem;min-height:2.75rem;max-width:100%}
input[type=email],select{width:100%}
.choice{display:flex;align-items:flex-start;gap:.65rem;padding:.3rem 0}
.choice input{width:1.4rem;height:1.4rem;margin:.1rem 0 0;flex:none;accent-color:#1d4ed8}
.choice label{font-weight:400}
.choice .hint{margin:0}
fieldset .nested{margin:.25rem 0 0 2.05rem}
.pair{display:flex;flex-wrap:wrap;gap:1rem}
.pair label{display:block;font-weight:400;margin-bottom:.25rem}
button{font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:2px solid #1d4ed8;border-radius:6px;padding:.6rem 1.25rem;min-height:2.75rem;width:100%;cursor:pointer}
button.secondary{color:#1d4ed8;background:#fff}
button.danger{background:#b42318;border-color:#b42318}
a.button{display:inline-block;font-weight:600;color:#fff;background:#1d4ed8;border-radius:6px;padding:.6rem 1.25rem;text-decoration:none}
.actions{display:flex;flex-direction:column;gap:.75rem;margin-top:1rem}
a{color:#0645ad}
:focus-visible{outline:3px solid #111827;outline-offset:3px}
input:focus-visible,select:focus-visible{outline-offset:1px}
.error-summary{border:3px solid #b42318;border-radius:6px;padding:.75rem 1rem;margin:0 0 1.25rem}
.error-summary h2{font-size:1.125rem;margin:0 0 .5rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error{display:block;color:#b42318;font-weight:600;margin:0 0 .35rem}
[aria-invalid=true]{border-color:#b42318}
.notice{background:#ecfdf3;border:2px solid #067647;border-radius:6px;padding:.75rem 1rem;margin:0 0 1rem}
.summary{margin:0 0 1rem;padding-left:1.25rem}
.small{color:#4a5565;font-size:.875rem}
.spaced{margin-top:1.25rem}
@media (min-width:40rem){button{width:auto}.actions{flex-direction:row;flex-wrap:wrap}}
.site{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem 1.25rem}
.site nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.site nav a{font-size:1rem;font-weight:400;text-decoration:underline}
.wide main{max-width:72rem;overflow-wrap:break-word}
h2{font-size:1.25rem;margin:1.5rem 0 .75rem}
h3{font-size:1.0625rem;margin:1.25rem 0 .5rem}
footer{max-width:72rem;margin:0 auto;padding:1rem;color:#4a5565;font-size:.875rem;border-top:1px solid #c9ced6}
table{border-collapse:collapse;width:100%;margin:0 0 1.25rem;background:#fff}
th,td{border-bottom:1px solid #c9ced6;padding:.4rem .5rem;text-align:left;vertical-align:top;font-size:.9375rem}
pre,code{font:.875rem/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
td button{width:auto;min-height:2.25rem;padding:.3rem .8rem;white-space:nowrap}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}
figure{background:#fff;border:1px solid #c9ced6;border-radius:8px;padding:.75rem;margin:0}
figure svg{display:block;width:100%;height:auto}
figcaption{font-size:.875rem;color:#4a5565}
figcaption strong{color:#1a1a1a}
.ok{color:#067647;font-weight:600}
.bad{color:#b42318;font-weight:600}
@media (max-width:40rem){
.wide main,th,td{overflow-wrap:anywhere}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:block;border:1px solid #c9ced6;border-radius:8px;margin:0 0 .75rem;padding:.25rem 0}
table.stack td{display:block;border:0;padding:.2rem .75rem}
table.stack td:first-child{font-weight:700;font-size:1.0625rem}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:#4a5565;font-weight:600}
}
`.trim();

/** Allowed by hash, so `style-src` needs no 'unsafe-inline'. */
const CSS_HASH = createHash('sha256').update(PAGE_STYLESHEET, 'utf8').digest('base64');

export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${CSS_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Headers for every page: tokens travel in URLs, so no referrer leaves and nothing is cached. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export interface LayoutOptions {
  /** Links beside the site name in the header (a nav landmark). */
  nav?: readonly { href: string; text: string }[];
  /** Where the site name links to (the subscribe page unless told). */
  home?: string;
  /** A wider main column, for pages of tables (the local admin pages). */
  wide?: boolean;
  footer?: SafeHtml;
}

export function layout(title: string, main: SafeHtml, options: LayoutOptions = {}): string {
  const nav = options.nav?.length
    ? html`<nav aria-label="Pages"><ul>${options.nav.map((l) => html`<li><a href="${l.href}">${l.text}</a></li>`)}</ul></nav>`
    : html``;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${title} – newshound</title>
<style>${trusted(PAGE_STYLESHEET)}</style>
</head>
<body${options.wide ? trusted(' class="wide"') : ''}>
<header class="site"><a href="${options.home ?? '/subscribe'}">newshound</a>${nav}</header>
<main id="main">
${main}
</main>
${options.footer ? html`<footer>${options.footer}</footer>
` : ''}</body>
</html>
`.value;
}
