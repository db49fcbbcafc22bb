import type { FeedEntry } from '../article.js';
import { articleIdFromIdentity, canonicalLink, isGlobalGuid, linkIdentity } from './identity.js';
import { FIELD_LIMITS } from './feed-limits.js';
import { truncateText } from './limit-fields.js';
import type { RawEntry } from './normalise-xml.js';

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

/** Assigns stable ids, drops entries with nothing to identify them and later duplicates of an id, and cuts text to FIELD_LIMITS. */
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
    const title = e.title || (e.summary ? truncateText(e.summary, 100) : (e.link ?? ''));
    out.push({
      id,
      title: truncateText(title, FIELD_LIMITS.title),
      ...(e.link ? { link: e.link } : {}),
      summary: truncateText(e.summary, FIELD_LIMITS.summary),
      ...(e.published ? { published: e.published } : {}),
      ...(e.author ? { author: truncateText(e.author, FIELD_LIMITS.author) } : {}),
      ...(e.guid ? { guid: e.guid } : {}),
      ...(e.content && e.content !== e.summary ? { content: truncateText(e.content, FIELD_LIMITS.content) } : {}),
    });
  }
  return out;
}
