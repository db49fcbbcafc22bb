import { tokenizeField } from '../topics/tokenize.js';
import { hasCyrillic, nameKey } from './name-key.js';
import { COMMON_PLACES, monthOf, numberWord, STOPWORDS, TITLE_WORDS } from './vocabulary.js';

/**
 * What an article is about, as weighted keys. A key is prefixed by its kind:
 *   n:<skeleton>  a name (capitalised mid-sentence, or an acronym), the same across Russian and English (name-key.ts)
 *   #:<value>     a number in digits or words ("three", "трое")
 *   d:<m>-<d>     a date ("3 December", "3 декабря"); m:<m> a month alone
 *   topic:<id>    a topic the article matches: the aliases the matcher knows (CSTO, ОДКБ) fold into one key
 *   t:<stem>      any other word of four letters or more (its first six letters), in the article's own language
 * Names, numbers, dates and topics cross languages; words do not.
 */
export type KeyKind = 'name' | 'number' | 'date' | 'topic' | 'term';

export interface ArticleSignature {
  /** Keys by weight, heaviest first (capped). */
  keys: string[];
  weights: number[];
  /** What each key stands for in this article's words (for evidence). */
  labels: string[];
  /** Positions (in `keys`) of the names, numbers, dates and topics of the title: what the headline says happened, and where. */
  anchors: number[];
  /** Sum of the squared weights' root: the norm the similarity divides by. */
  norm: number;
  /** Norm of the keys that cross languages. */
  crossNorm: number;
  script: 'cyrillic' | 'latin';
  /** Epoch milliseconds: published, else first seen. */
  time: number;
}

export interface SignatureInput {
  title: string;
  text: string;
  /** Epoch milliseconds. */
  time: number;
  topicIds?: readonly string[];
  /** Of `topicIds`, those the title matches by itself. */
  titleTopicIds?: readonly string[];
  /**
   * Name keys of the words the topics matched on ("Karabakh", "ОДКБ") and of the topics' names ("Nagorno"): the topic key
   * stands for them (and for a word dash-joined to one), so they are not names of their own. Every article a topic matches has them; they say nothing about which event it reports.
   */
  topicNames?: ReadonlySet<string>;
}

export const MAX_KEYS = 48;

/** Weight of a word of the title (`t:` keys of the text weigh less): how a signature tells its headline's words. */
export const TITLE_TERM_WEIGHT = 1.5;

const WEIGHT = { name: 3, maybeName: 1, number: 2.5, smallNumber: 1, year: 0.5, date: 3, month: 0.5, topic: 1.5, term: 1, titleTerm: TITLE_TERM_WEIGHT } as const;

export function keyKind(key: string): KeyKind {
  switch (key.charCodeAt(0)) {
    case 110: return 'name'; // n
    case 35: return 'number'; // #
    case 100: case 109: return 'date'; // d, m
    case 116: return key.startsWith('topic:') ? 'topic' : 'term';
    default: return 'term';
  }
}

/** Names, numbers and dates: the keys that tell one event from another, and pick candidates. */
export function isSpecific(key: string): boolean {
  const kind = keyKind(key);
  return kind === 'name' || kind === 'number' || kind === 'date';
}

const COMMON_PLACE_KEYS = new Set(COMMON_PLACES.map((place) => `n:${nameKey(place)}`));

/** A country, capital or region most stories name (COMMON_PLACES, in any language): it says where, not which event. */
export function isCommonPlace(key: string): boolean {
  return COMMON_PLACE_KEYS.has(key);
}

/** A number that reads as a year (1900–2100): every article about an event of that year has it, so it names no event. */
export function isYear(key: string): boolean {
  if (!key.startsWith('#:')) return false;
  const value = Number(key.slice(2));
  return Number.isInteger(value) && value >= 1900 && value <= 2100;
}

/** Keys that mean the same in any language. */
export function crossesLanguages(key: string): boolean {
  return keyKind(key) !== 'term';
}

export function articleSignature(input: SignatureInput): ArticleSignature {
  const found = new Map<string, { weight: number; label: string; count: number; anchor: boolean }>();
  let inTitle = true;
  const add = (key: string, weight: number, label: string, anchor = inTitle) => {
    const seen = found.get(key);
    if (seen) {
      seen.count++;
      if (weight > seen.weight) seen.weight = weight;
      seen.anchor ||= anchor;
    } else found.set(key, { weight, label, count: 1, anchor });
  };
  let cyrillic = 0;
  let latin = 0;
  const title = tokenizeField(input.title);
  const titleShouting = mostlyCapitalised(title.display, title.starts);
  for (const field of [title, tokenizeField(input.text)]) {
    const { display, values, starts, ends } = field;
    for (let i = 0; i < values.length; i++) {
      const token = values[i]!;
      const raw = display.slice(starts[i], ends[i]);
      if (hasCyrillic(token)) cyrillic++;
      else if (/[a-z]/.test(token)) latin++;
      if (/^\d+$/.test(token)) {
        let value = Number(token);
        let label = raw;
        // 4.6 and 4,6 are one number; 4,000 is four thousand
        const next = values[i + 1];
        const between = next !== undefined && /^\d+$/.test(next) ? display.slice(ends[i], starts[i + 1]) : '';
        if (between === '.' || between === ',') {
          value = between === ',' && next!.length === 3 ? value * 1000 + Number(next) : Number(`${token}.${next}`);
          label = display.slice(starts[i], ends[i + 1]);
          i++;
        }
        const at = monthOf(values[i + 1] ?? '') ? i + 1 : monthOf(values[i - 1] ?? '') ? i - 1 : -1;
        if (at >= 0 && label === raw && value >= 1 && value <= 31) {
          add(`d:${monthOf(values[at]!)}-${value}`, WEIGHT.date, at > i ? `${raw} ${display.slice(starts[at], ends[at])}` : `${display.slice(starts[at], ends[at])} ${raw}`);
          continue;
        }
        add(`#:${value}`, Number.isInteger(value) && value >= 1900 && value <= 2100 ? WEIGHT.year : value <= 10 && Number.isInteger(value) ? WEIGHT.smallNumber : WEIGHT.number, label);
        continue;
      }
      const spelled = numberWord(token);
      if (spelled !== undefined) {
        add(`#:${spelled}`, spelled <= 10 ? WEIGHT.smallNumber : WEIGHT.number, raw);
        continue;
      }
      const month = monthOf(token);
      if (month) {
        add(`m:${month}`, WEIGHT.month, raw);
        continue;
      }
      if (STOPWORDS.has(token)) continue;
      const name = TITLE_WORDS.has(token) ? 'no' : nameLike(raw, display, starts[i]!, inTitle && titleShouting);
      if (name !== 'no' && input.topicNames && partOfTopic(input.topicNames, values, display, starts, ends, i)) continue;
      if (name === 'yes') {
        add(`n:${nameKey(token)}`, WEIGHT.name, raw);
        continue;
      }
      // A capitalised word opening a sentence may be a name ("Путин и Токаев ...") or not ("Engineers cleared ..."):
      // a light name key, never an anchor.
      if (name === 'maybe' && token.length >= 4) {
        add(`n:${nameKey(token)}`, WEIGHT.maybeName, raw, false);
        continue;
      }
      if (token.length < 4) continue;
      add(`t:${token.slice(0, 6)}`, inTitle ? WEIGHT.titleTerm : WEIGHT.term, raw);
    }
    inTitle = false;
  }
  for (const id of input.topicIds ?? []) {
    inTitle = input.titleTopicIds?.includes(id) ?? false;
    add(`topic:${id}`, WEIGHT.topic, id);
  }
  const ranked = [...found].sort((a, b) => b[1].weight - a[1].weight || b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_KEYS);
  const keys = ranked.map(([key]) => key);
  const weights = ranked.map(([, v]) => v.weight);
  let norm = 0;
  let crossNorm = 0;
  for (let i = 0; i < keys.length; i++) {
    norm += weights[i]! ** 2;
    if (crossesLanguages(keys[i]!)) crossNorm += weights[i]! ** 2;
  }
  const anchors: number[] = [];
  for (let i = 0; i < keys.length; i++) if (ranked[i]![1].anchor && (isSpecific(keys[i]!) || keyKind(keys[i]!) === 'topic')) anchors.push(i);
  return { keys, weights, labels: ranked.map(([, v]) => v.label), anchors, norm: Math.sqrt(norm), crossNorm: Math.sqrt(crossNorm), script: cyrillic > latin ? 'cyrillic' : 'latin', time: input.time };
}

/** Dashes that join the parts of one name ("Nagorno-Karabakh", "Nagorno–Karabakh"). */
const JOINING_DASH = /^[-\u2010-\u2015]$/;

/** A topic's word, or a word dash-joined to one: the topic key stands for "Nagorno" of "Nagorno-Karabakh" too. */
function partOfTopic(topicNames: ReadonlySet<string>, values: string[], display: string, starts: number[], ends: number[], i: number): boolean {
  if (topicNames.has(nameKey(values[i]!))) return true;
  const joined = (j: number) => j >= 0 && j < values.length && JOINING_DASH.test(display.slice(ends[Math.min(i, j)], starts[Math.max(i, j)])) && topicNames.has(nameKey(values[j]!));
  return joined(i - 1) || joined(i + 1);
}

/** A capitalised word that does not open a sentence, or an acronym anywhere: yes; capitalised at a sentence's start: maybe. */
function nameLike(raw: string, display: string, start: number, shouting: boolean): 'yes' | 'maybe' | 'no' {
  const first = raw[0]!;
  if (first === first.toLowerCase()) return 'no';
  if (raw.length >= 2 && raw === raw.toUpperCase() && /\p{L}/u.test(raw)) return 'yes';
  if (shouting || opensSentence(display, start)) return 'maybe';
  return 'yes';
}

function opensSentence(display: string, start: number): boolean {
  for (let j = start - 1; j >= 0; j--) {
    const ch = display[j]!;
    if (ch === ' ' || ch === '\u00a0' || ch === '"' || ch === '«' || ch === '“' || ch === '(' || ch === '\n' || ch === '\t') continue;
    return ch === '.' || ch === '!' || ch === '?' || ch === ':';
  }
  return true;
}

/** Headline Case: most words capitalised, so capitals say nothing about names. */
function mostlyCapitalised(display: string, starts: number[]): boolean {
  let words = 0;
  let capitals = 0;
  for (const start of starts) {
    const ch = display[start]!;
    if (!/\p{L}/u.test(ch)) continue;
    words++;
    if (ch !== ch.toLowerCase()) capitals++;
  }
  return words >= 4 && capitals / words > 0.6;
}
