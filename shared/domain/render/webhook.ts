/** The JSON payload of a webhook alert: article, topics with provenance, and the delivery id receivers de-duplicate on. */
import type { Article } from '../article.js';
import type { CoverageArticle } from '../story.js';
import type { MatchedTerm, Topic } from '../topic.js';
import { safeHttpUrl } from './escape.js';

export interface WebhookAlertPayload {
  type: 'newshound.alert';
  version: 1;
  /** Stable per (subscriber, article): receivers use it to drop the rare duplicate. */
  deliveryId: string;
  sentAt: string;
  article: {
    id: string;
    title: string;
    link: string | null;
    summary: string;
    published: string | null;
    firstSeen: string;
    source: { feedId: string; title: string };
  };
  topics: { id: string; name: string; terms: MatchedTerm[] }[];
  notice?: string;
}

export interface WebhookDigestPayload {
  type: 'newshound.digest';
  version: 1;
  deliveryId: string;
  sentAt: string;
  heading: string;
  notice?: string;
  alerts: (Omit<WebhookAlertPayload, 'type' | 'version' | 'deliveryId' | 'sentAt'> & {
    /** The story's other coverage, first seen first (absent when the digest knows of none). */
    alsoReportedBy?: { id: string; title: string; link: string | null; source: { feedId: string; title: string } }[];
  })[];
}

export function buildWebhookAlert(
  article: Article,
  matches: { topicId: string; terms: MatchedTerm[] }[],
  topics: readonly Pick<Topic, 'id' | 'name'>[],
  meta: { deliveryId: string; now: Date; notice?: string },
): WebhookAlertPayload {
  const names = new Map(topics.map((t) => [t.id, t.name]));
  return {
    type: 'newshound.alert',
    version: 1,
    deliveryId: meta.deliveryId,
    sentAt: meta.now.toISOString(),
    article: {
      id: article.id,
      title: article.title,
      link: safeHttpUrl(article.link) ?? null,
      summary: article.summary,
      published: article.published ?? null,
      firstSeen: article.firstSeen,
      source: { feedId: article.feedId, title: article.sourceTitle },
    },
    topics: matches.map((m) => ({ id: m.topicId, name: names.get(m.topicId) ?? m.topicId, terms: m.terms })),
    ...(meta.notice ? { notice: meta.notice } : {}),
  };
}

export function buildWebhookDigest(
  entries: { article: Article; matches: { topicId: string; terms: MatchedTerm[] }[]; alsoReportedBy?: readonly CoverageArticle[] }[],
  topics: readonly Pick<Topic, 'id' | 'name'>[],
  meta: { deliveryId: string; now: Date; heading: string; notice?: string },
): WebhookDigestPayload {
  return {
    type: 'newshound.digest',
    version: 1,
    deliveryId: meta.deliveryId,
    sentAt: meta.now.toISOString(),
    heading: meta.heading,
    ...(meta.notice ? { notice: meta.notice } : {}),
    alerts: entries.map((e) => {
      const { type: _t, version: _v, deliveryId: _d, sentAt: _s, ...rest } = buildWebhookAlert(e.article, e.matches, topics, { deliveryId: meta.deliveryId, now: meta.now });
      const others = (e.alsoReportedBy ?? []).map((o) => ({ id: o.articleId, title: o.title, link: safeHttpUrl(o.link) ?? null, source: { feedId: o.feedId, title: o.sourceTitle } }));
      return others.length ? { ...rest, alsoReportedBy: others } : rest;
    }),
  };
}
