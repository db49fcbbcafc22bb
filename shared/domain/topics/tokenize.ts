import { foldToken } from './fold.js';
import { stripMarkup } from './markup.js';

/**
 * The words of a text in order: token i is `values[i]` (folded) at [starts[i], ends[i]) of the text.
 * Parallel arrays rather than an object per token: articles have thousands of tokens.
 */
export interface TokenList {
  values: string[];
  starts: number[];
  ends: number[];
}

/** A field (title or text) ready for matching: display text (markup gone, NFKC) and its tokens. */
export interface TokenizedField extends TokenList {
  display: string;
}

// How the tokenizer treats a character. Plain constants in this module (not an enum import) keep the
// per-character loop free of property lookups.
const SEPARATOR = 0;
/** Letters and digits of scripts written with spaces between words. */
const WORD = 1;
/** Combining marks: continue the token they follow. */
const MARK_CLASS = 2;
/** Letters of scripts written without spaces (Han, Kana, Hangul, Thai, ...): one token each. */
const UNSPACED_CLASS = 3;
/** Apostrophes separate tokens; the tokenizer looks back at them for the possessive 's. */
const APOSTROPHE = 4;

const UNSPACED = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const MARK = /\p{M}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UNKNOWN = 255;

/**
 * Classes of the Basic Multilingual Plane, filled on first sight of each character: a pure memo of
 * Unicode properties, so the tokenizer runs on char codes instead of a Unicode regex per token.
 */
const bmp = new Uint8Array(0x10000).fill(UNKNOWN);
for (let c = 0; c < 0x80; c++) {
  bmp[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? WORD : SEPARATOR;
}
bmp[0x27] = APOSTROPHE;

function classOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    const known = bmp[codePoint]!;
    if (known !== UNKNOWN) return known;
    return (bmp[codePoint] = classify(codePoint));
  }
  return classify(codePoint);
}

function classify(codePoint: number): number {
  if (codePoint === 0x2019 || codePoint === 0x02bc) return APOSTROPHE;
  const ch = String.fromCodePoint(codePoint);
  if (MARK.test(ch)) return MARK_CLASS;
  if (UNSPACED.test(ch)) return UNSPACED_CLASS;
  return LETTER_OR_DIGIT.test(ch) ? WORD : SEPARATOR;
}

/**
 * Splits plain text into folded tokens: runs of letters, digits and marks. Characters of scripts written
 * without spaces (Han, Kana, Hangul, Thai, ...) are one token each, so a query word in those scripts is a
 * phrase of characters and matches inside longer runs. Apostrophes separate tokens (`l'Arménie` → "l",
 * "armenie"), and the English possessive `'s` after a word is not a token at all.
 */
export function tokenizeText(text: string): TokenList {
  const tokens: TokenList = { values: [], starts: [], ends: [] };
  const n = text.length;
  // One lower-casing of the whole text serves every ASCII token, when it kept every offset in place.
  const lower = text.toLowerCase();
  const aligned = lower.length === n;
  let start = -1;
  let ascii = true;
  let unspaced = false;
  for (let i = 0; i < n; ) {
    const code = text.charCodeAt(i);
    const codePoint = code >= 0xd800 && code <= 0xdbff ? text.codePointAt(i)! : code;
    const width = codePoint > 0xffff ? 2 : 1;
    switch (classOf(codePoint)) {
      case WORD:
        if (start >= 0 && unspaced) start = pushToken(text, lower, aligned, ascii, start, i, tokens);
        if (start < 0) {
          start = i;
          ascii = true;
          unspaced = false;
        }
        if (code >= 0x80) ascii = false;
        break;
      case MARK_CLASS:
        if (start < 0) {
          start = i;
          unspaced = false;
        }
        ascii = false;
        break;
      case UNSPACED_CLASS:
        if (start >= 0) pushToken(text, lower, aligned, ascii, start, i, tokens);
        start = i;
        ascii = false;
        unspaced = true;
        break;
      default:
        if (start >= 0) start = pushToken(text, lower, aligned, ascii, start, i, tokens);
    }
    i += width;
  }
  if (start >= 0) pushToken(text, lower, aligned, ascii, start, n, tokens);
  return tokens;
}

/** Adds the token [start, end) unless it is a possessive 's; returns -1 (no token open). */
function pushToken(text: string, lower: string, aligned: boolean, ascii: boolean, start: number, end: number, tokens: TokenList): number {
  if (end - start === 1 && isPossessiveS(text, start, end, tokens)) return -1;
  tokens.values.push(ascii ? (aligned ? lower.slice(start, end) : text.slice(start, end).toLowerCase()) : foldToken(text.slice(start, end)));
  tokens.starts.push(start);
  tokens.ends.push(end);
  return -1;
}

/** `s` right after "word'" and before a separator: the possessive clitic. */
function isPossessiveS(text: string, start: number, end: number, tokens: TokenList): boolean {
  const code = text.charCodeAt(start);
  if ((code !== 0x73 && code !== 0x53) || start < 2 || classOf(text.charCodeAt(start - 1)) !== APOSTROPHE) return false;
  if (tokens.ends[tokens.ends.length - 1] !== start - 1) return false;
  if (end >= text.length) return true;
  const next = classOf(text.codePointAt(end)!);
  return next === SEPARATOR || next === APOSTROPHE;
}

/** Prepares a title or text: removes markup, applies NFKC, tokenizes. */
export function tokenizeField(raw: string): TokenizedField {
  const display = stripMarkup(raw).normalize('NFKC');
  return { display, ...tokenizeText(display) };
}
