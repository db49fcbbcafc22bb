/**
 * Folding that makes matching case- and accent-insensitive. Applied to one token at a time, after the
 * whole field went through NFKC (see tokenize.ts).
 *
 * Only marks from the combining-diacritics blocks (and Hebrew/Arabic vowel points) are removed: the vowel
 * signs of Indic and South-East Asian scripts are also "marks" but carry meaning, so they stay.
 * The breve of Cyrillic й is kept (й and и are different letters); ё folds to е because its diaeresis goes.
 */
export function foldToken(token: string): string {
  if (isAscii(token)) return token.toLowerCase();
  // upper-then-lower approximates full case folding (ß → ss, ı → i) without a folding table.
  const decomposed = token.toUpperCase().toLowerCase().normalize('NFD');
  let out = '';
  for (let i = 0; i < decomposed.length; i++) {
    const code = decomposed.charCodeAt(i);
    if (code === 0x3c2) out += 'σ';
    else if (!isRemovedDiacritic(code, decomposed.charCodeAt(i - 1))) out += decomposed[i];
  }
  return out.normalize('NFC');
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

const BREVE = 0x306;
const CYRILLIC_I = 0x438;

function isRemovedDiacritic(code: number, previous: number): boolean {
  if (code < 0x300) return false;
  if (code === BREVE) return previous !== CYRILLIC_I;
  return (
    code <= 0x36f || // combining diacritical marks
    (code >= 0x591 && code <= 0x5c7 && code !== 0x5be && code !== 0x5c0 && code !== 0x5c3 && code !== 0x5c6) || // Hebrew points
    (code >= 0x64b && code <= 0x65f) || // Arabic harakat
    code === 0x670 ||
    (code >= 0x1ab0 && code <= 0x1aff) || // combining diacritical marks extended
    (code >= 0x1dc0 && code <= 0x1dff) || // ... supplement
    (code >= 0x20d0 && code <= 0x20ff) || // ... for symbols
    (code >= 0xfe20 && code <= 0xfe2f) // combining half marks
  );
}
