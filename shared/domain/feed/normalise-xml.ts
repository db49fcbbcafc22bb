import type { FeedEntry, ParsedFeed } from '../article.js';
import { parseFeedDate } from './dates.js';
import { FeedParseError } from './feed-parse-error.js';
import { resolveBase, resolveLink } from './links.js';
import { newestItems } from './newest-items.js';
import { constructText, rawValue } from './text-construct.js';
import { attr, extendScope, firstKid, kid, kids, rootOf, textOf, type NsScope, type XElement, type XNode } from './xml-tree.js';

/** An entry before identity is assigned (see assign-ids.ts). */
export type RawEntry = Omit<FeedEntry, 'id'> & {
  guidIsPermaLink?: boolean;
  /** The entry's markup before it was reduced to text: the identity of last resort (an image-only entry). */
  fingerprint?: string;
};
export interface RawFeed {
  format: NonNullable<ParsedFeed['format']>;
  feed: ParsedFeed['feed'];
  entries: RawEntry[];
  /** Items in the document; more than `entries` when only the newest were kept. */
  itemCount: number;
}

interface Ctx {
  scope: NsScope;
  base: string | undefined;
}

function enter(ctx: Ctx, el: XNode | undefined): Ctx {
  const scope = extendScope(ctx.scope, el);
  const base = resolveBase(attr(el, 'xml:base'), ctx.base);
  return scope === ctx.scope && base === ctx.base ? ctx : { scope, base };
}

const DATE_FIELDS_RSS = ['pubdate', 'dc:date', 'dcterms:issued', 'dcterms:created', 'dcterms:modified', 'atom:published', 'atom:updated', 'atom:issued', 'atom:modified', 'lastbuilddate'];
const DATE_FIELDS_ATOM = ['atom:published', 'atom:issued', 'atom:created', 'dc:date', 'atom:updated', 'atom:modified', 'dcterms:issued', 'dcterms:modified'];

function firstDate(el: XNode, names: string[], scope: NsScope): string | undefined {
  for (const name of names) {
    for (const k of kids(el, name, scope)) {
      const d = parseFeedDate(rawValue(k));
      if (d) return d;
    }
  }
  return undefined;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s ? s : undefined;
}

/** The `rel="alternate"` link of an Atom element (type text/html preferred), resolved against xml:base. */
function atomLink(el: XNode, ctx: Ctx): string | undefined {
  const links = [...kids(el, 'atom:link', ctx.scope)];
  const alternates = links.filter((l) => {
    const rel = (attr(l, 'rel') ?? 'alternate').trim().toLowerCase();
    return rel === 'alternate' || rel === 'http://www.iana.org/assignments/relation/alternate';
  });
  const preferred = alternates.find((l) => /html/i.test(attr(l, 'type') ?? '')) ?? alternates[0];
  if (!preferred) return undefined;
  return resolveLink(attr(preferred, 'href') ?? rawValue(preferred), enter(ctx, preferred).base);
}

/** The first `atom:link` (or RSS 1.0/Atom 0.3 `link` with an href) of relation `rel` on the feed's own element. */
function relLink(el: XNode, ctx: Ctx, rel: string): string | undefined {
  const link = [...kids(el, 'atom:link', ctx.scope)].find((l) => (attr(l, 'rel') ?? '').trim().toLowerCase().split(/\s+/).includes(rel));
  return link ? resolveLink(attr(link, 'href'), enter(ctx, link).base) : undefined;
}

/** WebSub discovery links of the feed element (W3C WebSub §4): the hub, and the self URL only beside a hub. */
function websubLinks(el: XNode, ctx: Ctx): { hub?: string; self?: string } {
  const hub = relLink(el, ctx, 'hub');
  if (!hub) return {};
  const self = relLink(el, ctx, 'self');
  return { hub, ...(self ? { self } : {}) };
}

/** "Name (email)", "Name <email>", "email (Name)" → Name; a bare address stays. */
export function personName(raw: string): string {
  const s = raw.trim();
  const m = /^(.*?)\s*[(<]\s*([^()<>]*?)\s*[)>]\s*$/.exec(s);
  if (!m) return s;
  const [, outside = '', inside = ''] = m;
  const isEmail = (v: string) => /^[^\s@]+@[^\s@]+$/.test(v);
  if (isEmail(inside) && outside) return outside;
  if (isEmail(outside) && inside) return inside;
  return s;
}

function author(el: XNode, scope: NsScope): string | undefined {
  const a = firstKid(el, ['atom:author', 'author', 'dc:creator', 'itunes:author', 'managingeditor'], scope);
  if (a === undefined) return undefined;
  const name = kid(a, 'atom:name', scope) ?? kid(a, 'name', scope);
  if (name === undefined && (kid(a, 'atom:email', scope) ?? kid(a, 'email', scope)) !== undefined) {
    return nonEmpty(constructText(kid(a, 'atom:email', scope) ?? kid(a, 'email', scope), { asHtml: false }));
  }
  return nonEmpty(personName(constructText(name ?? a, { asHtml: false })));
}

function rssEntry(item: XNode, parent: Ctx, published: string | undefined): RawEntry {
  const ctx = enter(parent, item);
  const s = ctx.scope;
  const guidEl = kid(item, 'guid', s);
  const guid = nonEmpty(rawValue(guidEl)) ?? nonEmpty(attr(item, 'rdf:about')?.trim());
  const guidIsPermaLink = guidEl !== undefined && (attr(guidEl, 'isPermaLink') ?? 'true').trim().toLowerCase() !== 'false';
  const linkEl = kid(item, 'link', s);
  const origLink = kid(item, 'feedburner:origlink', s);
  let link = resolveLink(rawValue(origLink) || rawValue(linkEl), enter(ctx, linkEl).base) ?? atomLink(item, ctx);
  if (!link && guid && guidIsPermaLink) link = resolveLink(guid, ctx.base);
  const description = firstKid(item, ['description', 'dc:description', 'summary', 'atom:summary'], s);
  const contentEl = firstKid(item, ['content:encoded', 'xhtml:body', 'body', 'atom:content', 'content', 'fullitem'], s);
  const titleEl = firstKid(item, ['title', 'dc:title', 'atom:title'], s);
  const title = constructText(titleEl, { asHtml: true });
  const summary = constructText(description, { asHtml: true });
  const content = constructText(contentEl, { asHtml: true });
  const who = author(item, s);
  return {
    title,
    ...(link ? { link } : {}),
    summary: summary || content,
    ...(content && content !== summary ? { content } : {}),
    ...(published ? { published } : {}),
    ...(who ? { author: who } : {}),
    ...(guid ? { guid, guidIsPermaLink } : {}),
    fingerprint: `${textOf(titleEl)}\n${textOf(description)}\n${textOf(contentEl)}`.trim(),
  };
}

function atomEntry(entry: XNode, parent: Ctx, published: string | undefined): RawEntry {
  const ctx = enter(parent, entry);
  const s = ctx.scope;
  const guid = nonEmpty(rawValue(kid(entry, 'atom:id', s)));
  const origLink = kid(entry, 'feedburner:origlink', s);
  const link = resolveLink(rawValue(origLink), ctx.base) ?? atomLink(entry, ctx);
  const summary = constructText(firstKid(entry, ['atom:summary', 'dc:description'], s), { asHtml: false });
  const contentEl = kid(entry, 'atom:content', s);
  const content = contentEl !== undefined && !attr(contentEl, 'src') ? constructText(contentEl, { asHtml: false }) : '';
  const titleEl = firstKid(entry, ['atom:title', 'dc:title'], s);
  const title = constructText(titleEl, { asHtml: false });
  const who = author(entry, s);
  return {
    title,
    ...(link ? { link } : {}),
    summary: summary || content,
    ...(content && content !== summary ? { content } : {}),
    ...(published ? { published } : {}),
    ...(who ? { author: who } : {}),
    ...(guid ? { guid } : {}),
    fingerprint: `${textOf(titleEl)}\n${textOf(kid(entry, 'atom:summary', s))}\n${textOf(contentEl)}`.trim(),
  };
}

function ttlMinutes(channel: XNode, scope: NsScope): number | undefined {
  const raw = rawValue(kid(channel, 'ttl', scope));
  if (!/^\d{1,7}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

/** Each item with its date, read first: only the newest `maxItems` are normalised. */
function newestEntries(items: readonly XNode[], parent: Ctx, dateFields: string[], maxItems: number, entry: (item: XNode, parent: Ctx, published: string | undefined) => RawEntry): RawEntry[] {
  const dated = items.map((item) => ({ item, published: firstDate(item, dateFields, enter(parent, item).scope) }));
  return newestItems(dated, maxItems).map(({ item, published }) => entry(item, parent, published));
}

/** Builds our feed model from the tree (xml-reader.ts) of an RSS 0.9x/1.0/2.0 or Atom 0.3/1.0 document, keeping the newest `maxItems` items. */
export function normaliseXmlTree(tree: Record<string, XNode> | undefined, feedUrl: string, contentLocation?: string, maxItems = Number.POSITIVE_INFINITY): RawFeed {
  const found = rootOf(tree);
  if (!found) throw new FeedParseError('not-a-feed', 'the document has no root element');
  // An empty root element is a string in the tree.
  const root = typeof found.el === 'string' ? { ...found, el: { _: found.el } as XElement } : found;
  const documentBase = resolveBase(contentLocation, feedUrl) ?? feedUrl;
  const base0: Ctx = { scope: new Map([['xml', 'xml']]), base: documentBase };

  if (root.name === 'rss' || root.name === 'rdf:rdf' || root.name === 'rdf') {
    const ctx = enter(base0, root.el);
    const channel = kid(root.el, 'channel', ctx.scope) ?? ({} as XElement);
    const cctx = enter(ctx, channel);
    const items = [...kids(channel, 'item', cctx.scope), ...kids(root.el, 'item', ctx.scope)];
    const linkEl = kid(channel, 'link', cctx.scope);
    const link = resolveLink(rawValue(linkEl), enter(cctx, linkEl).base) ?? atomLink(channel, cctx);
    const ttl = ttlMinutes(channel, cctx.scope);
    const description = constructText(firstKid(channel, ['description', 'dc:description', 'atom:subtitle'], cctx.scope), { asHtml: true });
    const updated = firstDate(channel, ['lastbuilddate', 'pubdate', 'dc:date', 'atom:updated'], cctx.scope);
    return {
      format: root.name === 'rss' ? 'rss' : 'rdf',
      feed: {
        title: constructText(firstKid(channel, ['title', 'dc:title', 'atom:title'], cctx.scope), { asHtml: true }),
        ...(link ? { link } : {}),
        ...(ttl ? { ttlMinutes: ttl } : {}),
        ...(description ? { description } : {}),
        ...(updated ? { updated } : {}),
        ...websubLinks(channel, cctx),
      },
      entries: newestEntries(items, cctx, DATE_FIELDS_RSS, maxItems, rssEntry),
      itemCount: items.length,
    };
  }

  if (root.name === 'feed' || root.name === 'atom:feed') {
    const entered = enter(base0, root.el);
    const scope = new Map(entered.scope);
    // Atom's own elements: whatever the document declared (or forgot to) as the default namespace.
    if (!scope.get('')) scope.set('', 'atom');
    const ctx: Ctx = { scope, base: entered.base };
    const link = atomLink(root.el, ctx);
    const description = constructText(firstKid(root.el, ['atom:subtitle', 'atom:tagline'], ctx.scope), { asHtml: false });
    const updated = firstDate(root.el, ['atom:updated', 'atom:modified'], ctx.scope);
    const entries = kids(root.el, 'atom:entry', ctx.scope);
    return {
      format: 'atom',
      feed: {
        title: constructText(kid(root.el, 'atom:title', ctx.scope), { asHtml: false }),
        ...(link ? { link } : {}),
        ...(description ? { description } : {}),
        ...(updated ? { updated } : {}),
        ...websubLinks(root.el, ctx),
      },
      entries: newestEntries(entries, ctx, DATE_FIELDS_ATOM, maxItems, atomEntry),
      itemCount: entries.length,
    };
  }
  throw new FeedParseError('not-a-feed', `the root element <${root.key}> is not RSS, RDF or Atom`);
}
