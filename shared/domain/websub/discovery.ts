/**
 * WebSub discovery (W3C WebSub §4): a feed names its hub and its own canonical URL ("self") in HTTP `Link` headers or
 * in the document (`<atom:link rel="hub">`, `<link rel="self">`, JSON Feed `hubs`). Headers win over the document.
 * Only absolute http(s) URLs of a bounded length are kept: they are stored in the feed's small state item.
 */

/** Longer hub or self URLs are ignored (the feed is then polled, as any feed without a hub): the state stays near 1 KB. */
export const MAX_WEBSUB_URL_CHARS = 256;

export interface WebSubLinks {
  hub?: string;
  self?: string;
}

function usable(raw: string | undefined, base?: string): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    return url.href.length <= MAX_WEBSUB_URL_CHARS ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `<https://hub.example/>; rel="hub", <https://site.example/feed>; rel=self` → the hub and self links (first of each). */
export function parseLinkHeader(header: string | undefined, base?: string): WebSubLinks {
  const found: WebSubLinks = {};
  if (!header) return found;
  // Bounded: a header is at most a few KB (the fetcher's and Node's header limits).
  for (const match of header.slice(0, 8192).matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    const url = usable(match[1], base);
    if (!url) continue;
    if (rels.includes('hub') && !found.hub) found.hub = url;
    if (rels.includes('self') && !found.self) found.self = url;
  }
  return found;
}

/** The hub and self to subscribe with: each from the Link header when it has one, else from the document. */
export function discoverWebSub(input: { linkHeader?: string; document?: WebSubLinks; feedUrl: string }): WebSubLinks {
  const header = parseLinkHeader(input.linkHeader, input.feedUrl);
  const hub = header.hub ?? usable(input.document?.hub, input.feedUrl);
  const self = header.self ?? usable(input.document?.self, input.feedUrl);
  return { ...(hub ? { hub } : {}), ...(self ? { self } : {}) };
}
