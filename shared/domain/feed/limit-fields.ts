import type { ParsedFeed } from '../article.js';
import { FIELD_LIMITS } from './feed-limits.js';
import type { RawEntry } from './normalise-xml.js';

/** At most `max` characters: cut at the last word boundary in the final fifth when there is one, then "…". */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** An entry whose link or id is longer than any real one: refused whole (see FIELD_LIMITS). */
export function exceedsIdentityLimits(entry: RawEntry): boolean {
  return (entry.link?.length ?? 0) > FIELD_LIMITS.link || (entry.guid?.length ?? 0) > FIELD_LIMITS.id;
}

/** The feed's own fields within their limits: title and description cut, an overlong link dropped. */
export function limitFeedFields(feed: ParsedFeed['feed']): ParsedFeed['feed'] {
  const { title, link, description, ...rest } = feed;
  return {
    ...rest,
    title: truncateText(title, FIELD_LIMITS.feedTitle),
    ...(link && link.length <= FIELD_LIMITS.link ? { link } : {}),
    ...(description ? { description: truncateText(description, FIELD_LIMITS.feedDescription) } : {}),
  };
}
