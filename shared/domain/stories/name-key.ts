/**
 * Names across scripts: a name is reduced to a Latin consonant skeleton, so "Пашинян", "Пашиняном" and "Pashinyan"
 * share one key, as do "Ереване" and "Yerevan", "Минске" and "Minsk", "Овсепян" and "Hovsepyan". Vowels are where transliterations and
 * Russian case endings differ most; the skeleton keeps the consonants (digraphs merged) and their first four.
 */
const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};

/** Instrumental and dative endings that add a consonant to a Russian name (Минском, Пашиняном, Лавровым). */
const RUSSIAN_CONSONANT_ENDING = /(?:ами|ями|ом|ем|ым|им|ам|ям)$/;
/** Adjectives made of place names: Сюникской, Агдамского, Гегаркуникская → the place. */
const RUSSIAN_PLACE_ADJECTIVE = /(?:ин)?(?:ск|цк)(?:ий|ой|ая|ое|ого|ому|ую|ом|им|ие|их|ими)$/;
const RUSSIAN_ADJECTIVE = /(?:ск|цк)(?:ий|ой|ая|ое|ого|ому|ую|ом|им|ие|их|ими)$/;

const DIGRAPHS: [RegExp, string][] = [
  [/shch|sch/g, 's'],
  [/dzh|dj|zh/g, 'j'],
  [/kh|gh|ch|tch/g, 'h'],
  [/sh/g, 's'],
  [/ts|tz/g, 'c'],
  [/ph/g, 'f'],
  [/w/g, 'v'],
  [/q|ck/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/x/g, 'ks'],
];

export function hasCyrillic(token: string): boolean {
  return /[\u0400-\u04ff]/.test(token);
}

/** Latin letters for a folded token (Cyrillic transliterated, other scripts kept). */
export function transliterate(folded: string): string {
  if (!hasCyrillic(folded)) return folded;
  let out = '';
  for (const ch of folded) out += CYRILLIC_TO_LATIN[ch] ?? ch;
  return out;
}

/** The skeleton of a folded name token; short names (under two consonants) keep their vowels. */
export function nameKey(folded: string): string {
  const stem = hasCyrillic(folded) && folded.length >= 6 ? russianStem(folded) : folded;
  let latin = transliterate(stem);
  for (const [pattern, replacement] of DIGRAPHS) latin = latin.replace(pattern, replacement);
  // Armenian names lose their H in Russian (Hovsepyan, Овсепян; Harutyunyan, Арутюнян)
  if (latin.startsWith('h')) latin = latin.slice(1);
  let skeleton = '';
  for (const ch of latin) {
    if ('aeiouy'.includes(ch)) continue;
    if (skeleton.endsWith(ch)) continue;
    skeleton += ch;
  }
  return skeleton.length >= 2 ? skeleton.slice(0, 4) : latin;
}

function russianStem(word: string): string {
  for (const pattern of [RUSSIAN_PLACE_ADJECTIVE, RUSSIAN_ADJECTIVE]) {
    const place = word.replace(pattern, '');
    if (place !== word && place.length >= 4) return place;
  }
  return word.replace(RUSSIAN_CONSONANT_ENDING, '');
}
