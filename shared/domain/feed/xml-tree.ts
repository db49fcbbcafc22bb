/**
 * Reading the tree xml-reader.ts builds (xml2js's default shape): every child is an
 * array, attributes live in `$`, text in `_` when an element also has attributes.
 * Element names are matched by namespace, not by the prefix a document happened to choose.
 */
export type XNode = string | XElement;
export interface XElement {
  $?: Record<string, string>;
  _?: string;
  [child: string]: XNode[] | Record<string, string> | string | undefined;
}

/** Canonical prefixes for the namespaces feeds use; the feed formats' own namespaces map to none. */
const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/pie/': 'atom',
  'http://example.com/newformat#': 'atom',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/net/rss1.1#': '',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://www.w3.org/xml/1998/namespace': 'xml',
};

/** Prefix → canonical prefix, as declared by `xmlns:*` attributes in scope. */
export type NsScope = ReadonlyMap<string, string>;

export function extendScope(scope: NsScope, el: XNode | undefined): NsScope {
  if (!el || typeof el === 'string' || !el.$) return scope;
  let next: Map<string, string> | undefined;
  for (const [name, uri] of Object.entries(el.$)) {
    const m = /^xmlns(?::(.+))?$/i.exec(name);
    if (!m) continue;
    const canonical = NAMESPACES[uri.trim().toLowerCase()] ?? NAMESPACES[uri.trim()] ?? (m[1] ? m[1].toLowerCase() : '');
    next ??= new Map(scope);
    next.set((m[1] ?? '').toLowerCase(), canonical);
  }
  return next ?? scope;
}

const canonicalNames = new WeakMap<NsScope, Map<string, string>>();

/** The canonical name of an element key: `a10:link` → `atom:link` when a10 is bound to Atom. */
export function canonicalName(key: string, scope: NsScope): string {
  let names = canonicalNames.get(scope);
  if (!names) canonicalNames.set(scope, (names = new Map()));
  let name = names.get(key);
  if (name === undefined) names.set(key, (name = computeCanonicalName(key, scope)));
  return name;
}

function computeCanonicalName(key: string, scope: NsScope): string {
  const colon = key.indexOf(':');
  const prefix = colon < 0 ? '' : key.slice(0, colon).toLowerCase();
  const local = (colon < 0 ? key : key.slice(colon + 1)).toLowerCase();
  const ns = scope.get(prefix) ?? prefix;
  return ns ? `${ns}:${local}` : local;
}

const childIndexes = new WeakMap<XElement, { scope: NsScope; byName: Map<string, XNode[]> }>();

/** The element's children grouped by canonical name, built once per element and scope (an element may have thousands). */
function childIndex(el: XElement, scope: NsScope): Map<string, XNode[]> {
  const cached = childIndexes.get(el);
  if (cached?.scope === scope) return cached.byName;
  const byName = new Map<string, XNode[]>();
  for (const key in el) {
    const value = el[key];
    if (key === '$' || key === '_' || !Array.isArray(value)) continue;
    const name = canonicalName(key, scope);
    const earlier = byName.get(name);
    byName.set(name, earlier ? earlier.concat(value) : value);
  }
  childIndexes.set(el, { scope, byName });
  return byName;
}

/** Child elements named `name` (canonical, lower-case, e.g. `title`, `dc:date`, `atom:link`). Do not modify the array. */
export function kids(el: XNode | undefined, name: string, scope: NsScope): readonly XNode[] {
  if (!el || typeof el === 'string') return [];
  return childIndex(el, scope).get(name) ?? [];
}

export function kid(el: XNode | undefined, name: string, scope: NsScope): XNode | undefined {
  return kids(el, name, scope)[0];
}

/** First child among `names` in order of preference. */
export function firstKid(el: XNode | undefined, names: string[], scope: NsScope): XNode | undefined {
  for (const n of names) {
    const k = kid(el, n, scope);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** An attribute by name, case-insensitively (feeds disagree on `isPermaLink` and `ispermalink`). */
export function attr(el: XNode | undefined, name: string): string | undefined {
  if (!el || typeof el === 'string' || !el.$) return undefined;
  if (name in el.$) return el.$[name];
  const lower = name.toLowerCase();
  for (const k in el.$) if (k.length === name.length && k.toLowerCase() === lower) return el.$[k];
  return undefined;
}

/** The text of an element: its own text, then its children's (order among mixed children is lost). */
export function textOf(el: XNode | undefined): string {
  if (el === undefined) return '';
  if (typeof el === 'string') return el;
  let out = typeof el._ === 'string' ? el._ : '';
  for (const [key, value] of Object.entries(el)) {
    if (key === '$' || key === '_' || !Array.isArray(value)) continue;
    for (const child of value) out += ` ${textOf(child)}`;
  }
  return out;
}

/** The root element and its canonical name. */
export function rootOf(tree: Record<string, XNode> | undefined): { name: string; el: XNode; key: string } | undefined {
  if (!tree || typeof tree !== 'object') return undefined;
  const key = Object.keys(tree)[0];
  if (!key) return undefined;
  const el = tree[key]!;
  const scope = extendScope(new Map([['xml', 'xml']]), el);
  return { name: canonicalName(key, scope), el, key };
}
