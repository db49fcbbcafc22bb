import type { FieldScope, QueryNode, TermNode, TermToken } from './query-ast.js';
import { QueryError } from './query-error.js';
import { CLOSING_QUOTE } from './quotes.js';
import { tokenizeText } from './tokenize.js';

const WHITESPACE = /\s/u;
const FIELD_NAME = /^\p{L}+$/u;
const MIN_PREFIX_CHARS = 2;

/**
 * Parses a topic query (see docs/query-language.md). Precedence, loosest first: OR, AND (implicit),
 * NOT / `-`. Throws QueryError with the 0-based position and what was expected there.
 */
export function parseQuery(query: string, topicId = ''): QueryNode {
  return parse(query, topicId, false);
}

/**
 * Validates like parseQuery, but leaves each term's `text` and `key` empty: enough to extract required
 * terms while compiling many topics, with fewer strings built and thrown away.
 */
export function parseQueryForIndex(query: string, topicId: string): QueryNode {
  return parse(query, topicId, true);
}

function parse(query: string, topicId: string, lean: boolean): QueryNode {
  const ast = new Parser(query, topicId, lean).parse();
  const uncovered = firstUncovered(ast);
  if (uncovered) {
    throw new QueryError(topicId, uncovered.position, 'a word or phrase that must appear (exclusions alone would match almost every article)', query);
  }
  return ast;
}

class Parser {
  private pos = 0;

  /** The query lower-cased once, when that kept every offset (always, for ASCII queries). */
  private readonly lower: string | undefined;

  constructor(
    private readonly query: string,
    private readonly topicId: string,
    private readonly lean: boolean,
  ) {
    const lower = query.toLowerCase();
    this.lower = lower.length === query.length ? lower : undefined;
  }

  parse(): QueryNode {
    const node = this.parseOr();
    this.skipSpace();
    if (this.pos < this.query.length) {
      // Only a stray ')' can stop parseOr before the end.
      this.fail(this.pos, "an opening '(' for this ')'");
    }
    return node;
  }

  private parseOr(): QueryNode {
    const position = this.skipSpace();
    const children = [this.parseAnd()];
    while (this.keywordAhead('OR')) {
      this.pos += 2;
      if (this.atGroupEnd() || this.keywordAhead('OR') || this.keywordAhead('AND')) this.fail(this.skipSpace(), 'a term after OR');
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children, position };
  }

  private parseAnd(): QueryNode {
    const position = this.skipSpace();
    const children: QueryNode[] = [];
    for (;;) {
      if (this.atGroupEnd()) break;
      if (this.keywordAhead('OR')) {
        if (children.length === 0) this.fail(this.skipSpace(), 'a term before OR');
        break;
      }
      if (this.keywordAhead('AND')) {
        if (children.length === 0) this.fail(this.skipSpace(), 'a term before AND');
        this.pos += 3;
        if (this.atGroupEnd() || this.keywordAhead('OR') || this.keywordAhead('AND')) this.fail(this.skipSpace(), 'a term after AND');
        continue;
      }
      children.push(this.parseUnary());
    }
    if (children.length === 0) this.fail(this.skipSpace(), 'a term');
    return children.length === 1 ? children[0]! : { kind: 'and', children, position };
  }

  private parseUnary(): QueryNode {
    const position = this.skipSpace();
    const ch = this.query[position];
    if (ch === '-' && position + 1 < this.query.length && !isSpace(this.query.charCodeAt(position + 1))) {
      this.pos += 1;
      return { kind: 'not', child: this.parseUnary(), position };
    }
    if (this.keywordAhead('NOT')) {
      this.pos += 3;
      if (this.atGroupEnd() || this.keywordAhead('OR') || this.keywordAhead('AND')) this.fail(this.skipSpace(), 'a term after NOT');
      return { kind: 'not', child: this.parseUnary(), position };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const position = this.skipSpace();
    const ch = this.query[position];
    if (ch === undefined) this.fail(position, 'a term');
    if (ch === '(') {
      this.pos += 1;
      if (this.atGroupEnd()) this.fail(this.skipSpace(), 'a term inside the parentheses');
      const inner = this.parseOr();
      this.skipSpace();
      if (this.query[this.pos] !== ')') this.fail(this.pos, "')' to close the '(' at position " + position);
      this.pos += 1;
      return inner;
    }
    if (ch === ')') this.fail(position, 'a term');
    if (ch in CLOSING_QUOTE) return this.parsePhrase(position);
    const end = this.wordEnd(position);
    const colon = this.query.indexOf(':', position);
    const scoped = colon > position && colon < end && colon + 1 < this.query.length && !isSpace(this.query.charCodeAt(colon + 1));
    if (scoped && FIELD_NAME.test(this.query.slice(position, colon))) {
      const name = this.query.slice(position, colon).toLowerCase();
      if (name !== 'title' && name !== 'text') this.fail(position, 'a field scope title: or text: (put the word in quotes to match it literally)');
      if (this.scope !== 'any' && this.scope !== name) this.fail(position, `no ${name}: scope inside a ${this.scope}: scope`);
      this.pos = colon + 1;
      const next = this.query[this.pos];
      if (next === '-' || this.keywordAhead('NOT')) this.fail(this.pos, `a term, a phrase or a group after ${name}: (write -${name}:word to exclude)`);
      return this.withScope(name, () => this.parsePrimary());
    }
    return this.parseWord(position);
  }

  /** The field scope of the enclosing `title:` / `text:`, applied to every term parsed inside it. */
  private scope: FieldScope = 'any';
  private withScope<T>(scope: FieldScope, parse: () => T): T {
    const saved = this.scope;
    this.scope = scope;
    try {
      return parse();
    } finally {
      this.scope = saved;
    }
  }

  private parseWord(position: number): TermNode {
    const end = this.wordEnd(position);
    this.pos = end;
    const prefix = this.query.charCodeAt(end - 1) === 0x2a;
    const bodyEnd = prefix ? end - 1 : end;
    if (isPlainAsciiWord(this.query, position, bodyEnd)) {
      // Most query words: one ASCII token, no normalisation needed.
      const code = this.query.charCodeAt(position);
      const value = this.lower ? this.lower.slice(position, bodyEnd) : this.query.slice(position, bodyEnd).toLowerCase();
      const token: TermToken = { value, prefix };
      if (code >= 0x41 && code <= 0x5a) token.capitalised = true;
      if (prefix && bodyEnd - position < MIN_PREFIX_CHARS) this.fail(position, `at least ${MIN_PREFIX_CHARS} letters before '*'`);
      return this.term([token], position, end);
    }
    const raw = this.query.slice(position, end);
    const body = (prefix ? raw.slice(0, -1) : raw).normalize('NFKC');
    const star = body.indexOf('*');
    if (star >= 0) this.fail(position + star, "'*' only at the end of a word");
    const tokens = tokenizeText(body);
    if (tokens.values.length === 0) this.fail(position, 'a word (letters or digits)');
    const termTokens: TermToken[] = tokens.values.map((value, i) => termToken(body, value, tokens.starts[i]!, false));
    if (prefix) {
      if (tokens.ends[tokens.ends.length - 1] !== body.length) this.fail(end - 1, "a letter or digit right before '*'");
      termTokens[termTokens.length - 1]!.prefix = true;
      this.checkPrefixLength(termTokens, position);
    }
    return this.term(termTokens, position, end);
  }

  private parsePhrase(position: number): TermNode {
    const open = this.query[position]!;
    const close = CLOSING_QUOTE[open]!;
    let end = this.query.indexOf(close, position + 1);
    if (open === '\u201E' && end < 0) end = this.query.indexOf('\u201D', position + 1);
    if (end < 0) this.fail(position, `a closing ${close} for the phrase opened here`);
    this.pos = end + 1;
    const content = this.query.slice(position + 1, end).normalize('NFKC');
    const tokens = tokenizeText(content);
    if (tokens.values.length === 0) this.fail(position, 'a word inside the quotes');
    const termTokens = tokens.values.map((value, i) => termToken(content, value, tokens.starts[i]!, content[tokens.ends[i]!] === '*'));
    if (termTokens.some((t) => t.prefix)) this.checkPrefixLength(termTokens, position);
    return this.term(termTokens, position, end + 1);
  }

  private checkPrefixLength(tokens: TermToken[], position: number): void {
    const chars = tokens.reduce((n, t) => n + [...t.value].length, 0);
    if (chars < MIN_PREFIX_CHARS) this.fail(position, `at least ${MIN_PREFIX_CHARS} letters before '*'`);
  }

  /** A term node for the query text [position, end) (without its field scope). */
  private term(tokens: TermToken[], position: number, end: number): TermNode {
    const field = this.scope;
    if (this.lean) return { kind: 'term', tokens, field, text: '', key: '', position };
    let key = `${field}|`;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      key += i === 0 ? t.value : ` ${t.value}`;
      if (t.prefix) key += '*';
    }
    return { kind: 'term', tokens, field, text: this.query.slice(position, end), key, position };
  }

  /** Skips whitespace; returns the new position. */
  private skipSpace(): number {
    while (this.pos < this.query.length && isSpace(this.query.charCodeAt(this.pos))) this.pos += 1;
    return this.pos;
  }

  /** Where the bare word starting at `position` ends: at whitespace, a parenthesis or a quote. */
  private wordEnd(position: number): number {
    let end = position;
    while (end < this.query.length && !isWordEnd(this.query.charCodeAt(end))) end += 1;
    return end;
  }

  private atGroupEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.query.length || this.query[this.pos] === ')';
  }

  /** True when the upper-case keyword stands alone at the current position. */
  private keywordAhead(keyword: 'OR' | 'AND' | 'NOT'): boolean {
    this.skipSpace();
    if (this.query.charCodeAt(this.pos) !== keyword.charCodeAt(0) || !this.query.startsWith(keyword, this.pos)) return false;
    const after = this.pos + keyword.length;
    return after >= this.query.length || isWordEnd(this.query.charCodeAt(after));
  }

  private fail(position: number, expected: string): never {
    throw new QueryError(this.topicId, position, expected, this.query);
  }
}

function termToken(source: string, value: string, start: number, prefix: boolean): TermToken {
  const first = source[start]!;
  const capitalised = first !== first.toLowerCase();
  return capitalised ? { value, prefix, capitalised } : { value, prefix };
}

/** Only ASCII letters and digits in [start, end), at least one. */
function isPlainAsciiWord(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x80 && WHITESPACE.test(String.fromCharCode(code)));
}

/** Whitespace, parentheses and opening quotes end a bare word. */
function isWordEnd(code: number): boolean {
  return code === 0x28 || code === 0x29 || code === 0x22 || code === 0x201c || code === 0xab || code === 0x201e || isSpace(code);
}

/**
 * A query must say what has to appear: `-foo` or `a OR -b` would match nearly everything. Returns the
 * first node that can be satisfied by exclusions alone, or undefined when every branch requires a term.
 * This is also what lets every topic be indexed by its required terms.
 */
function firstUncovered(node: QueryNode): QueryNode | undefined {
  switch (node.kind) {
    case 'term':
      return undefined;
    case 'not':
      return node;
    case 'and':
      return node.children.some((c) => firstUncovered(c) === undefined) ? undefined : node;
    case 'or':
      for (const child of node.children) {
        const bad = firstUncovered(child);
        if (bad) return bad;
      }
      return undefined;
  }
}
