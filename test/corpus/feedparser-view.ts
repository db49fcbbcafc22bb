/**
 * Maps our parse result onto the names feedparser's `Expect:` lines use, for the fields we keep:
 * feed title/link/description, entry title/link/id (raw guid)/summary/content/dates/author,
 * the detected encoding, and bozo (= we had to recover or override something).
 * Text fields compare as plain text: feedparser keeps (sanitised) HTML, we keep what a reader sees,
 * so an expected HTML value is reduced with the same htmlToText before comparing.
 * Anything else (links[], enclosures, tags, base, version, HTTP headers) throws Unsupported.
 */
import type { FeedEntry, ParsedFeed } from '../../shared/domain/article.js';
import { parseFeedDate } from '../../shared/domain/feed/dates.js';
import { collapseWhitespace, htmlToText } from '../../shared/domain/feed/html-to-text.js';
import { Unsupported, type Env, type PyValue } from './python-expect.js';

class Text {
  constructor(readonly value: string) {}
}
/** A URL: an IRI and its punycode/percent-encoded form are the same link. */
class Link {
  constructor(readonly value: string) {}
}
/** The links we keep: one (the alternate); only its href is comparable. */
class LinkList {
  constructor(
    readonly path: string,
    readonly href: string | undefined,
  ) {}
}
class When {
  constructor(readonly iso: string) {}
}
class Encoding {
  constructor(readonly name: string) {}
}
const MISSING = Symbol('missing');
class Obj {
  constructor(
    readonly path: string,
    readonly fields: Record<string, () => PyValue>,
  ) {}
}

const EQUIVALENT_ENCODINGS = [['gb2312', 'gbk', 'gb18030'], ['euc-kr', 'cp949'], ['tis-620', 'cp874'], ['iso-8859-1', 'latin1']];
function sameEncoding(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || EQUIVALENT_ENCODINGS.some((group) => group.includes(x) && group.includes(y));
}

function textEquals(ours: string, expected: string): boolean {
  return ours === expected || ours === collapseWhitespace(expected) || ours === htmlToText(expected);
}

const text = (v: string | undefined) => (v === undefined ? MISSING : new Text(v));
const link = (v: string | undefined) => (v === undefined ? MISSING : new Link(v));
function sameUrl(ours: string, expected: string): boolean {
  try {
    return ours === expected || new URL(expected).href === ours;
  } catch {
    return false;
  }
}
const date = (v: string | undefined) => (v === undefined ? MISSING : new When(v));

export interface ViewInput {
  parsed?: ParsedFeed;
  rejected?: string;
  encoding: string;
  decodeWarnings: string[];
}

function entryFields(e: FeedEntry | undefined, n: number): Record<string, () => PyValue> {
  const body = () => text(e?.content ?? e?.summary);
  const summary = () => text(e?.summary);
  return {
    title: () => text(e?.title),
    title_detail: () => new Obj(`entries[${n}].title_detail`, { value: () => text(e?.title) }),
    link: () => link(e?.link),
    links: () => new LinkList(`entries[${n}].links`, e?.link),
    id: () => text(e?.guid),
    guid: () => text(e?.guid),
    description: summary,
    summary,
    summary_detail: () => new Obj(`entries[${n}].summary_detail`, { value: summary }),
    content: () => [new Obj(`entries[${n}].content[0]`, { value: body })],
    published: () => date(e?.published),
    updated: () => date(e?.published),
    created: () => date(e?.published),
    published_parsed: () => date(e?.published),
    updated_parsed: () => date(e?.published),
    created_parsed: () => date(e?.published),
    author: () => text(e?.author),
    author_detail: () => new Obj(`entries[${n}].author_detail`, { name: () => text(e?.author) }),
  };
}

/** An Env over one parse result; `log` collects what was read, for failure reasons. */
export function feedparserEnv(input: ViewInput, log: string[]): Env {
  const p = input.parsed;
  const feed = new Obj('feed', {
    title: () => text(p?.feed.title),
    title_detail: () => new Obj('feed.title_detail', { value: () => text(p?.feed.title) }),
    link: () => link(p?.feed.link),
    description: () => text(p?.feed.description ?? ''),
    subtitle: () => text(p?.feed.description ?? ''),
    tagline: () => text(p?.feed.description ?? ''),
    subtitle_detail: () => new Obj('feed.subtitle_detail', { value: () => text(p?.feed.description ?? '') }),
    ttl: () => text(p?.feed.ttlMinutes === undefined ? undefined : String(p.feed.ttlMinutes)),
    updated: () => date(p?.feed.updated),
    updated_parsed: () => date(p?.feed.updated),
    links: () => new LinkList('feed.links', p?.feed.link),
  });
  const entries = (p?.items ?? []).map((e, n) => new Obj(`entries[${n}]`, entryFields(e, n)));
  const absentEntry = new Obj('entries[absent]', entryFields(undefined, -1));
  const show = (v: PyValue) =>
    v instanceof Text || v instanceof Link ? JSON.stringify(v.value) : v instanceof When ? v.iso : v instanceof Encoding ? v.name : v === MISSING ? '(absent)' : v instanceof Obj || Array.isArray(v) ? '{…}' : JSON.stringify(v);
  const env: Env = {
    name(id) {
      if (id === 'bozo') return !!input.rejected || input.decodeWarnings.length > 0 || (p?.warnings?.length ?? 0) > 0;
      if (id === 'encoding') return new Encoding(input.encoding);
      if (id === 'feed') return feed;
      if (id === 'entries') return entries;
      throw new Unsupported(`name ${id}`);
    },
    get(obj, key) {
      if (obj === entries && typeof key === 'number') return entries[key] ?? absentEntry;
      if (Array.isArray(obj) && typeof key === 'number') return obj[key] ?? MISSING;
      if (obj instanceof LinkList && key === 0) return new Obj(`${obj.path}[0]`, { href: () => link(obj.href) });
      if (obj instanceof LinkList) throw new Unsupported(`${obj.path}[${String(key)}]: only the alternate link is kept`);
      if (obj === MISSING) return MISSING;
      if (obj instanceof Obj && typeof key === 'string') {
        const field = obj.fields[key];
        if (!field) throw new Unsupported(`${obj.path}.${key} is not kept`);
        const value = field();
        log.push(`${obj.path}.${key} = ${show(value)}`);
        return value;
      }
      throw new Unsupported(`subscript ${String(key)}`);
    },
    call(fn, target, args) {
      if (fn === 'has_key' && target instanceof Obj && typeof args[0] === 'string') {
        const field = target.fields[args[0]];
        if (!field) throw new Unsupported(`${target.path}.${args[0]} is not kept`);
        return field() !== MISSING;
      }
      if (fn === 'ord' && args[0] instanceof Text && [...args[0].value].length === 1) return args[0].value.codePointAt(0);
      if (fn === 'ord') return MISSING;
      throw new Unsupported(`call ${fn}`);
    },
    equals(a, b) {
      if (b instanceof Text || b instanceof When || b instanceof Encoding) [a, b] = [b, a];
      if (a === MISSING || b === MISSING) return false;
      if (b instanceof Link) [a, b] = [b, a];
      if (a instanceof Link && typeof b === 'string') return sameUrl(a.value, b);
      if (a instanceof Link && b instanceof Link) return a.value === b.value;
      if (a instanceof Text && typeof b === 'string') return textEquals(a.value, b);
      if (a instanceof Text && b instanceof Text) return a.value === b.value;
      if (a instanceof Encoding && typeof b === 'string') return sameEncoding(a.name, b);
      // We keep the parsed date, not the raw string: compare what both mean.
      if (a instanceof When && typeof b === 'string') return parseFeedDate(b) === a.iso;
      if (a instanceof When && Array.isArray(b)) {
        const d = new Date(a.iso);
        const ours = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
        return ours.every((v, k) => v === b[k]);
      }
      if (a instanceof When || a instanceof Obj || b instanceof Map) throw new Unsupported('comparison of a structure we do not keep');
      return a === b;
    },
    truthy(v) {
      if (v === MISSING || v === null || v === undefined || v === false || v === 0) return false;
      if (v instanceof Text || v instanceof Link) return v.value !== '';
      if (Array.isArray(v)) return v.length > 0;
      return true;
    },
  };
  return env;
}
