import { describe, expect, it } from 'vitest';
import { tokenizeField } from '../../../shared/domain/topics/index.js';

const values = (text: string) => tokenizeField(text).values;

describe('tokenizeField', () => {
  it.each([
    ['plain words, case folded', 'CSTO Leaders Meet', ['csto', 'leaders', 'meet']],
    ['hyphens, dashes and punctuation separate words', 'Nagorno-Karabakh, Nagorno–Karabakh; Nagorno—Karabakh', ['nagorno', 'karabakh', 'nagorno', 'karabakh', 'nagorno', 'karabakh']],
    ['guillemets and quotes are not part of words', '«ОДКБ» „Zitat“ "CSTO"', ['одкб', 'zitat', 'csto']],
    ['accents removed', 'Arménie Qarabağ São Paulo Zürich', ['armenie', 'qarabag', 'sao', 'paulo', 'zurich']],
    ['ё folds to е, й stays й', 'Ёлка Семёнов Бойко', ['елка', 'семенов', 'бойко']],
    ['full case folding (ß, final sigma, dotless i)', 'Straße ΟΔΟΣ Işık', ['strasse', 'οδοσ', 'isik']],
    ['NFKC: full-width letters, ligatures', 'ＣＳＴＯ ﬁnance', ['csto', 'finance']],
    ['English possessive is not a word', "Nagorno-Karabakh's Artsakh’s", ['nagorno', 'karabakh', 'artsakh']],
    ['other apostrophes split words', "l'Arménie don't", ['l', 'armenie', 'don', 't']],
    ['a standalone s after a quote is still a word', "the 's' key", ['the', 's', 'key']],
    ['digits are words', 'COVID-19 in 2023', ['covid', '19', 'in', '2023']],
    ['unspaced scripts: one token per character', '北京大学', ['北', '京', '大', '学']],
    ['Thai keeps its vowel marks with the character', 'กิน', ['กิ', 'น']],
    ['markup in titles does not hide words', '<b>CSTO</b> summit &amp; <i>talks</i>', ['csto', 'summit', 'talks']],
    ['inline tags do not split a word', 'Kara<b>bakh</b>', ['karabakh']],
    ['unknown tag names are kept as words', 'Ministers <briefing> in Astana', ['ministers', 'briefing', 'in', 'astana']],
    ['script blocks removed with their content', 'A<script>alert("x")</script>B', ['a', 'b']],
    ['numeric entities decoded', 'Karabakh&#8217;s future', ['karabakh', 'future']],
  ])('%s', (_name, text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it('gives token offsets into the cleaned display text', () => {
    const field = tokenizeField('<b>CSTO</b> &amp; ОДКБ');
    expect(field.display).toBe('CSTO & ОДКБ');
    expect(field.starts.map((start, i) => field.display.slice(start, field.ends[i]))).toEqual(['CSTO', 'ОДКБ']);
  });
});
