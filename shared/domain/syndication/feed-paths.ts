/**
 * Where syndication files live. Keys double as URL paths: `feeds/csto.xml` is served at `<baseUrl>/feeds/csto.xml`
 * (S3 key behind CloudFront, or a file under the local feeds folder).
 */
export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

const EXTENSIONS: Record<FeedFormat, string> = { rss: 'xml', atom: 'atom', json: 'json' };

/** The combined feed over all topics; `all` is therefore not allowed as a topic id. */
export const COMBINED_FEED_NAME = 'all';
export const PUBLIC_PREFIX = 'feeds';
export const PRIVATE_PREFIX = 'feeds/private';

export const CONTENT_TYPES: Record<string, string> = {
  xml: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
};

export type FeedKeys = Record<FeedFormat, string>;

export function feedKeys(prefix: string, feedName: string): FeedKeys {
  return { rss: `${prefix}/${feedName}.${EXTENSIONS.rss}`, atom: `${prefix}/${feedName}.${EXTENSIONS.atom}`, json: `${prefix}/${feedName}.${EXTENSIONS.json}` };
}

export const indexKey = (prefix: string): string => `${prefix}/index.html`;
export const opmlKey = (prefix: string): string => `${prefix}/topics.opml`;
export const partnerPrefix = (token: string): string => `${PRIVATE_PREFIX}/${token}`;

/** Absolute URL of a key under the public base URL (no trailing slash doubling). */
export function urlFor(baseUrl: string, key: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${key}`;
}

export function feedUrls(baseUrl: string, keys: FeedKeys): FeedKeys {
  return { rss: urlFor(baseUrl, keys.rss), atom: urlFor(baseUrl, keys.atom), json: urlFor(baseUrl, keys.json) };
}

/** Content-Type for a key by its extension; undefined for anything newshound does not publish. */
export function contentTypeFor(key: string): string | undefined {
  const dot = key.lastIndexOf('.');
  if (dot < 0 || key.lastIndexOf('/') > dot) return undefined;
  return CONTENT_TYPES[key.slice(dot + 1).toLowerCase()];
}
