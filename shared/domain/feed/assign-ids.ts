import type { FeedEntry } from '../article.js';
import { articleIdFromIdentity, canonicalLink, isGlobalGuid, linkIdentity } from './identity.js';
import type { RawEntry } from './normalise-xml.js';

const MAX_TITLE = 1000;
const MAX_SUMMARY = 8000;
const MAX_CONTENT = 32_000;

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The identity an article is known by, before hashing (see identity.ts for the hash):
 * 1. the GUID, with the canonical link added where the GUID repeats within this feed (and title
 *    and content too where GUID and link both repeat: one podcast feed reuses both for two episodes);
 *    a GUID that is an http(s) URL is read as a link (so two feeds carrying one article agree),
 *    one that is another URI (tag:, urn:) is global, and an opaque one ("1234") is scoped to the feed's host;
 * 2. else the canonical link (tracking parameters dropped, http and https alike);
 * 3. else a hash of title and content (of the raw markup when no text is left, e.g. an image;
 *    of date and author when that is all there is); an entry with nothing at all is dropped.
 */
export function identityOf(entry: RawEntry, repeatedGuids: ReadonlySet<string>, feedScope: string, repeatedGuidLinks: ReadonlySet<string> = new Set()): string | undefined {
  const link = canonicalLink(entry.link);
  const guid = entry.guid;
  if (guid) {
    let key: string;
    const guidAsLink = /^https?:\/\//i.test(guid) ? canonicalLink(guid) : undefined;
    if (guidAsLink) key = linkIdentity(guidAsLink);
    else if (isGlobalGuid(guid)) key = `guid:${guid}`;
    else key = `guid:${feedScope}|${guid}`;
    if (!repeatedGuids.has(guid)) return key;
    const withLink = `${key}|${link ? linkIdentity(link) : ''}`;
    return link && !repeatedGuidLinks.has(guidLinkKey(entry)) ? withLink : `${withLink}|hash:${entry.title}\n${entry.content ?? entry.summary}`;
  }
  if (link) return linkIdentity(link);
  if (entry.title || entry.summary || entry.content) return `hash:${entry.title}\n${entry.content ?? entry.summary}`;
  if (entry.fingerprint) return `hash:markup\n${entry.fingerprint}`;
  if (entry.published || entry.author) return `hash:meta\n${entry.published ?? ''}\n${entry.author ?? ''}`;
  return undefined;
}

function guidLinkKey(e: RawEntry): string {
  return `${e.guid ?? ''}\n${canonicalLink(e.link) ?? ''}`;
}

/** Assigns stable ids, drops entries with nothing to identify them and later duplicates of an id. */
export function assignIds(entries: RawEntry[], feedScope: string): FeedEntry[] {
  const counts = new Map<string, number>();
  for (const e of entries) if (e.guid) counts.set(e.guid, (counts.get(e.guid) ?? 0) + 1);
  const repeated = new Set([...counts].filter(([, n]) => n > 1).map(([g]) => g));
  const pairCounts = new Map<string, number>();
  for (const e of entries) if (e.guid && repeated.has(e.guid)) pairCounts.set(guidLinkKey(e), (pairCounts.get(guidLinkKey(e)) ?? 0) + 1);
  const repeatedPairs = new Set([...pairCounts].filter(([, n]) => n > 1).map(([k]) => k));
  const seen = new Set<string>();
  const out: FeedEntry[] = [];
  for (const e of entries) {
    const identity = identityOf(e, repeated, feedScope, repeatedPairs);
    if (!identity) continue;
    const id = articleIdFromIdentity(identity);
    if (seen.has(id)) continue;
    seen.add(id);
    const title = e.title || (e.summary ? truncate(e.summary, 100) : (e.link ?? ''));
    out.push({
      id,
      title: truncate(title, MAX_TITLE),
      ...(e.link ? { link: e.link } : {}),
      summary: truncate(e.summary, MAX_SUMMARY),
      ...(e.published ? { published: e.published } : {}),
      ...(e.author ? { author: truncate(e.author, 200) } : {}),
      ...(e.guid ? { guid: e.guid } : {}),
      ...(e.content && e.content !== e.summary ? { content: truncate(e.content, MAX_CONTENT) } : {}),
    });
  }
  return out;
}
