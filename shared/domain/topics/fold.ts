/**
 * Folding that makes matching case- and accent-insensitive. Applied to one token at a time, after the
 * whole field went through NFKC (see tokenize.ts).
 *
 * Only marks from the combining-diacritics blocks (and Hebrew/Arabic vowel points) are removed: the vowel
 * signs of Indic and South-East Asian scripts are also "marks" but carry meaning, so they stay.
 * The breve of Cyrillic й is kept (й and и are different letters); ё folds to е because its diaeresis goes.
 */
const DIACRITICS = /(?<![иИ])\u0306|[\u0300-\u0305\u0307-\u036f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const ASCII = /^[\x00-\x7f]*$/;

export function foldToken(token: string): string {
  if (ASCII.test(token)) return token.toLowerCase();
  // upper-then-lower approximates full case folding (ß → ss, ς → σ, ı → i) without a folding table.
  const cased = token.toUpperCase().toLowerCase().replace(/ς/g, 'σ');
  return cased.normalize('NFD').replace(DIACRITICS, '').normalize('NFC');
}
