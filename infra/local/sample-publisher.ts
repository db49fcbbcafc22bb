/**
 * The sample feeds' publisher, in memory: articles added while `npm start` runs (the status page's "Publish a sample
 * article" button, or tests) are served at the top of their sample feed, newest first, after the written ones are
 * re-dated. Publishing pings the local WebSub hub, which pushes the feed to its subscribers.
 */
import { escapeHtml as escapeXml } from '../../shared/domain/render/escape.js';

export interface PublishedArticle {
  title: string;
  link: string;
  id: string;
  summary: string;
  published: Date;
}

/** Articles kept per feed at most (the oldest go). */
const MAX_PUBLISHED = 50;

export class SamplePublisher {
  private readonly published = new Map<string, PublishedArticle[]>();
  private counter = 0;

  /** Adds an article to a sample feed file; returns it. */
  publish(file: string, article: Partial<PublishedArticle> & { title: string }, now = new Date()): PublishedArticle {
    this.counter += 1;
    const id = article.id ?? `local-${now.getTime()}-${this.counter}`;
    const full: PublishedArticle = { title: article.title, link: article.link ?? `https://example.org/published/${id}`, id, summary: article.summary ?? article.title, published: article.published ?? now };
    const list = [full, ...(this.published.get(file) ?? [])].slice(0, MAX_PUBLISHED);
    this.published.set(file, list);
    return full;
  }

  /** The feed's XML with the published articles at the top (RSS items or Atom entries). */
  render(file: string, xml: string): string {
    const list = this.published.get(file) ?? [];
    if (list.length === 0) return xml;
    if (/<feed[\s>]/.test(xml)) {
      const entries = list.map((a) => `  <entry>\n    <title>${escapeXml(a.title)}</title>\n    <link rel="alternate" href="${escapeXml(a.link)}"/>\n    <id>${escapeXml(a.id)}</id>\n    <updated>${a.published.toISOString()}</updated>\n    <summary>${escapeXml(a.summary)}</summary>\n  </entry>\n`).join('');
      return xml.replace(/(\s*)<entry[\s>]/, (m) => `\n${entries}${m}`);
    }
    const items = list.map((a) => `    <item>\n      <title>${escapeXml(a.title)}</title>\n      <link>${escapeXml(a.link)}</link>\n      <guid isPermaLink="false">${escapeXml(a.id)}</guid>\n      <pubDate>${a.published.toUTCString()}</pubDate>\n      <description>${escapeXml(a.summary)}</description>\n    </item>\n`).join('');
    return xml.replace(/(\s*)<item[\s>]/, (m) => `\n${items}${m}`);
  }
}
