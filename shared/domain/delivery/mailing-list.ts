/**
 * The mailing list an alert or digest email belongs to (RFC 2919 List-Id), so a reader's filters can sort it:
 * one list per topic (`<topic>.<stage>.<public host>`), and one combined list (`all.…`, an id no topic may take)
 * for a message that carries several topics. Stable: it depends on the config only, never on the article.
 */
import type { Topic } from '../topic.js';

export interface MailingList {
  /** A dot-atom, e.g. "csto.prod.news.example.org". */
  id: string;
  /** The display phrase, e.g. "newshound: CSTO" (encoded by the mail adapter). */
  name: string;
}

const DOT_ATOM_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** The public host, or "localhost" (RFC 2919 section 3's namespace for the unregistered) when it is no dot-atom (IPv6). */
function namespaceHost(publicBaseUrl: string): string {
  const host = new URL(publicBaseUrl).hostname.toLowerCase().replace(/\.$/, '');
  return DOT_ATOM_HOST.test(host) ? host : 'localhost';
}

export function mailingList(site: { publicBaseUrl: string; stage: string; fromName: string }, topics: readonly Pick<Topic, 'id' | 'name'>[]): MailingList {
  const distinct = [...new Map(topics.map((t) => [t.id, t])).values()];
  const only = distinct.length === 1 ? distinct[0]! : undefined;
  return {
    id: `${only?.id ?? 'all'}.${site.stage}.${namespaceHost(site.publicBaseUrl)}`,
    name: `${site.fromName}: ${only?.name ?? 'all topics'}`,
  };
}
