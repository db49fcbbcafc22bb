/**
 * Our XML reader: one pass over the document, linear in its length whatever it holds, building the tree
 * normalise-xml.ts reads (xml2js's shape: every child an array, attributes in `$`, text in `_`, an element with
 * only text as a string).
 *
 * Feeds are often not well-formed; the reader never gives up on one it can read. It notes the first
 * well-formedness error (a mismatched or missing end tag, an unquoted attribute, a stray `<`, text outside
 * the root, …) and reads on as lenient readers do: an end tag closes the open element it names (and those inside
 * it) or is ignored, elements still open at the end are closed, a `<` that starts no markup is text.
 *
 * Atom text constructs of type xhtml (and Atom 0.3 mode="xml" ones, and XHTML bodies) are kept as their markup,
 * in document order, as if the author had written them in CDATA: normalisation reads them as HTML.
 */
import { FeedParseError } from './feed-parse-error.js';
import { ForwardSearch } from './forward-search.js';
import { resolveReferences, type ExpansionBudget } from './xml-references.js';
import type { XElement, XNode } from './xml-tree.js';

export interface XmlReadOptions {
  /** Entities the DOCTYPE declared (see doctype-guard.ts). */
  entities: ReadonlyMap<string, string>;
  /** The document may not grow past this many characters when its references are resolved. */
  maxChars: number;
  /** Elements may not nest deeper than this. */
  maxDepth: number;
}

export interface XmlDocument {
  /** `{ rootName: root }`, or undefined when the document has no element. */
  tree: Record<string, XNode> | undefined;
  /** The first well-formedness error, with its line and column; undefined when there was none. */
  error?: string;
}

interface Frame {
  name: string;
  element: XElement;
  text: string;
  cdata: boolean;
  /** How many different child names the element has. */
  childNames: number;
}

/** Local names of the Atom text constructs (and their Atom 0.3 and RSS cousins) that may hold inline XHTML. */
const MARKUP_CONSTRUCTS = new Set(['title', 'subtitle', 'tagline', 'summary', 'content', 'rights', 'copyright', 'info']);
const XHTML_TYPES = new Set(['xhtml', 'application/xhtml+xml']);

const WHITESPACE_ONLY = /^\s*$/;
/**
 * Feed elements carry a handful of attributes and a few dozen different children (repeated ones, like items, are
 * one name). Thousands of either only make every lookup slower, and nothing we read is among them.
 */
const MAX_ATTRIBUTES = 256;
const MAX_CHILD_NAMES = 1024;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Ends a name: whitespace, `/`, `>`, `=`, `<`, a quote. */
function endsName(c: number): boolean {
  return isSpace(c) || c === 0x2f || c === 0x3e || c === 0x3d || c === 0x3c || c === 0x22 || c === 0x27;
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

/** What may follow a `<` that starts markup: `/`, `!`, `?` or a name. */
function startsMarkup(c: number): boolean {
  return c === 0x2f || c === 0x21 || c === 0x3f || isNameStart(c);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function localName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}

class Reader {
  private i = 0;
  private readonly stack: Frame[] = [];
  /** Open elements by lower-case name, so an end tag finds whether it closes anything in constant time. */
  private readonly open = new Map<string, number>();
  private root: Record<string, XNode> | undefined;
  private errorAt = -1;
  private errorMessage = '';
  private readonly budget: ExpansionBudget;
  private readonly gt: ForwardSearch;
  private readonly quotes: Record<string, ForwardSearch>;
  private readonly constructEnds = new Map<string, ForwardSearch>();

  constructor(
    private readonly text: string,
    private readonly opts: XmlReadOptions,
  ) {
    this.budget = { remaining: opts.maxChars - text.length };
    this.gt = new ForwardSearch(text, '>');
    this.quotes = { '"': new ForwardSearch(text, '"'), "'": new ForwardSearch(text, "'") };
  }

  read(): XmlDocument {
    const { text } = this;
    let textFrom = this.i;
    let searchFrom = this.i;
    while (this.i < text.length) {
      const lt = text.indexOf('<', searchFrom);
      if (lt < 0) break;
      if (!startsMarkup(text.charCodeAt(lt + 1))) {
        // Text, like the characters around it (added with them, not one by one).
        this.error(lt, 'a "<" that starts no markup');
        searchFrom = lt + 1;
        continue;
      }
      if (lt > textFrom) this.addText(text.slice(textFrom, lt));
      this.i = lt;
      this.markup();
      textFrom = searchFrom = this.i;
    }
    if (textFrom < text.length) this.addText(text.slice(textFrom));
    if (this.stack.length) this.error(text.length, `unclosed element <${this.stack.at(-1)!.name}>`);
    while (this.stack.length) this.close();
    return { tree: this.root, ...(this.errorAt >= 0 ? { error: this.describeError() } : {}) };
  }

  private markup(): void {
    const { text } = this;
    const at = this.i;
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end < 0) return this.toEnd(at, 'unclosed comment');
      if (text.indexOf('--', at + 4) < end) this.error(at, '"--" inside a comment');
      this.i = end + 3;
    } else if (text.startsWith('<![CDATA[', at)) {
      const end = text.indexOf(']]>', at + 9);
      this.addText(text.slice(at + 9, end < 0 ? text.length : end), true);
      if (end < 0) return this.toEnd(at, 'unclosed CDATA section');
      this.i = end + 3;
    } else if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at + 2);
      if (end < 0) return this.toEnd(at, 'unclosed processing instruction');
      this.i = end + 2;
    } else if (text.startsWith('<!', at)) {
      const end = this.gt.next(at + 2);
      if (end < 0) return this.toEnd(at, 'unclosed declaration');
      this.error(at, 'a declaration inside the document');
      this.i = end + 1;
    } else if (text.charCodeAt(at + 1) === 0x2f /* / */) {
      this.endTag();
    } else {
      if (this.root) return this.toEnd(at, 'an element after the root element');
      this.startTag();
    }
  }

  private toEnd(at: number, message: string): void {
    this.error(at, message);
    this.i = this.text.length;
  }

  private readName(): string {
    const { text } = this;
    const start = this.i;
    while (this.i < text.length && !endsName(text.charCodeAt(this.i))) this.i++;
    return text.slice(start, this.i);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.text.length && isSpace(this.text.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private startTag(): void {
    const { text } = this;
    const at = this.i;
    this.i++;
    const name = this.readName();
    const attributes: [string, string][] = [];
    let selfClosing = false;
    for (;;) {
      const spaced = this.skipSpace();
      const c = text.charCodeAt(this.i);
      if (this.i >= text.length) {
        this.error(at, `unclosed start tag <${name}>`);
        break;
      }
      if (c === 0x3e /* > */) {
        this.i++;
        break;
      }
      if (c === 0x2f /* / */ && text.charCodeAt(this.i + 1) === 0x3e) {
        this.i += 2;
        selfClosing = true;
        break;
      }
      if (!spaced) this.error(this.i, `no space before an attribute of <${name}>`);
      const attrAt = this.i;
      const attr = this.readName();
      if (!attr) {
        this.error(attrAt, `unexpected "${text[attrAt]}" in <${name}>`);
        this.i++;
        continue;
      }
      this.skipSpace();
      if (text.charCodeAt(this.i) !== 0x3d /* = */) {
        this.error(attrAt, `attribute ${attr} of <${name}> has no value`);
        if (attributes.length < MAX_ATTRIBUTES) attributes.push([attr, '']);
        continue;
      }
      this.i++;
      this.skipSpace();
      const value = this.attributeValue(name, attr);
      if (attributes.length < MAX_ATTRIBUTES) attributes.push([attr, value]);
      else this.error(attrAt, `more than ${MAX_ATTRIBUTES} attributes on <${name}>; the rest are ignored`);
    }
    this.openElement(name, attributes);
    if (selfClosing) this.close();
    else this.readMarkupConstruct(name, attributes);
  }

  private attributeValue(name: string, attr: string): string {
    const { text } = this;
    const q = text[this.i];
    let raw: string;
    if (q === '"' || q === "'") {
      const close = this.quotes[q]!.next(this.i + 1);
      if (close >= 0) {
        raw = text.slice(this.i + 1, close);
        this.i = close + 1;
      } else {
        // An unclosed quote: the value ends with the tag.
        this.error(this.i, `unclosed value of attribute ${attr} of <${name}>`);
        const end = this.gt.next(this.i);
        raw = text.slice(this.i + 1, end < 0 ? text.length : end);
        this.i = end < 0 ? text.length : end;
      }
    } else {
      this.error(this.i, `unquoted value of attribute ${attr} of <${name}>`);
      const start = this.i;
      while (this.i < text.length && !isSpace(text.charCodeAt(this.i)) && text.charCodeAt(this.i) !== 0x3e) this.i++;
      raw = text.slice(start, this.i);
    }
    return this.resolve(raw);
  }

  private resolve(raw: string): string {
    const resolved = resolveReferences(raw, this.opts.entities, this.budget);
    if (resolved === undefined) throw new FeedParseError('too-large', `entity references expand the document past ${this.opts.maxChars} characters (the document size limit)`);
    return resolved;
  }

  private openElement(name: string, attributes: [string, string][]): void {
    if (this.stack.length >= this.opts.maxDepth) {
      throw new FeedParseError('too-deep', `elements nest deeper than ${this.opts.maxDepth} levels (the nesting limit)`);
    }
    const element: XElement = Object.create(null) as XElement;
    if (attributes.length) {
      const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
      for (const [k, v] of attributes) if (!(k in attrs)) attrs[k] = v;
      element.$ = attrs;
    }
    this.stack.push({ name, element, text: '', cdata: false, childNames: 0 });
    const lower = name.toLowerCase();
    this.open.set(lower, (this.open.get(lower) ?? 0) + 1);
  }

  /**
   * Inline XHTML (an Atom text construct of type xhtml, an Atom 0.3 one in mode="xml", an XHTML body) up to the first
   * end tag of the same name, kept as markup. Where no such end tag follows, the element is read as XML.
   */
  private readMarkupConstruct(name: string, attributes: [string, string][]): void {
    const local = localName(name);
    const holdsMarkup =
      (MARKUP_CONSTRUCTS.has(local) && attributes.some(([k, v]) => (localName(k) === 'type' && XHTML_TYPES.has(v)) || (localName(k) === 'mode' && v === 'xml'))) ||
      (local === 'body' && (name.includes(':') || attributes.some(([k, v]) => /xhtml/i.test(`${k}=${v}`))));
    if (!holdsMarkup) return;
    let end = this.constructEnds.get(name);
    if (!end) this.constructEnds.set(name, (end = new ForwardSearch(this.text, new RegExp(`</${escapeRegex(name)}\\s*>`))));
    const close = end.next(this.i);
    if (close < 0) return;
    this.addText(this.text.slice(this.i, close), true);
    this.i = close + end.length;
    this.close();
  }

  private endTag(): void {
    const { text } = this;
    const at = this.i;
    this.i += 2;
    const name = this.readName();
    this.skipSpace();
    if (text.charCodeAt(this.i) === 0x3e) this.i++;
    else {
      this.error(this.i, `malformed end tag </${name}>`);
      const end = this.gt.next(this.i);
      this.i = end < 0 ? text.length : end + 1;
    }
    const top = this.stack.at(-1);
    if (top?.name === name) return this.close();
    this.error(at, top ? `end tag </${name}> inside <${top.name}>` : `end tag </${name}> outside the root element`);
    if (!this.open.get(name.toLowerCase())) return;
    const lower = name.toLowerCase();
    while (this.stack.at(-1)!.name.toLowerCase() !== lower) this.close();
    this.close();
  }

  private addText(raw: string, cdata = false): void {
    const top = this.stack.at(-1);
    if (!top) {
      if (/\S/.test(raw)) this.error(this.i, 'text outside the root element');
      return;
    }
    top.text += cdata ? raw : this.resolve(raw);
    if (cdata) top.cdata = true;
  }

  /** Closes the innermost element and hangs it on its parent, as xml2js would. */
  private close(): void {
    const frame = this.stack.pop()!;
    const lower = frame.name.toLowerCase();
    const open = this.open.get(lower)! - 1;
    if (open) this.open.set(lower, open);
    else this.open.delete(lower);
    const { element } = frame;
    let node: XNode = element;
    const blank = !frame.cdata && WHITESPACE_ONLY.test(frame.text);
    if (!blank) element._ = frame.text;
    // Counts at most two own keys (Object.keys would list every child name of a wide element).
    let keys = 0;
    for (const _key in element) {
      keys++;
      if (keys > 1) break;
    }
    if (keys === 0) node = frame.text;
    else if (keys === 1 && '_' in element) node = frame.text;
    const parent = this.stack.at(-1);
    if (parent) {
      const siblings = parent.element[frame.name];
      if (Array.isArray(siblings)) siblings.push(node);
      else if (parent.childNames < MAX_CHILD_NAMES) {
        parent.element[frame.name] = [node];
        parent.childNames++;
      } else this.error(this.i, `more than ${MAX_CHILD_NAMES} different elements inside <${parent.name}>; the rest are ignored`);
    } else {
      this.root = Object.create(null) as Record<string, XNode>;
      this.root[frame.name] = node;
    }
  }

  private error(at: number, message: string): void {
    if (this.errorAt >= 0) return;
    this.errorAt = at;
    this.errorMessage = message;
  }

  private describeError(): string {
    const before = this.text.slice(0, this.errorAt);
    let line = 1;
    let lineStart = 0;
    for (let k = before.indexOf('\n'); k >= 0; k = before.indexOf('\n', k + 1)) {
      line++;
      lineStart = k + 1;
    }
    return `${this.errorMessage} (line ${line}, column ${this.errorAt - lineStart + 1})`;
  }
}

/** Reads an XML document (its DOCTYPE already removed) into a tree; throws FeedParseError only at a limit. */
export function readXml(text: string, opts: XmlReadOptions): XmlDocument {
  return new Reader(text, opts).read();
}
