import { describe, expect, it } from 'vitest';
import { articleSignature, nameKey, storyTime } from '../../../shared/domain/stories/index.js';

const keysOf = (title: string, text = '') => articleSignature({ title, text, time: 0 }).keys;

describe('nameKey', () => {
  it.each([
    ['пашинян', 'pashinyan'],
    ['пашиняном', 'pashinyan'],
    ['ереване', 'yerevan'],
    ['минске', 'minsk'],
    ['минском', 'minsk'],
    ['лавровым', 'lavrov'],
    ['азербайджан', 'azerbaijan'],
    ['тех', 'tegh'],
    ['сюникской', 'syunik'],
    ['физулинском', 'fuzuli'],
    ['лачинскую', 'lachin'],
    ['москве', 'moscow'],
    ['балхаша', 'balkhash'],
    ['овсепян', 'hovsepyan'],
    ['ханкенди', 'khankendi'],
  ])('%s and %s share a key', (russian, english) => {
    expect(nameKey(russian)).toBe(nameKey(english));
  });

  it.each([
    ['martuni', 'martakert'],
    ['sotk', 'tegh'],
    ['aghdam', 'fuzuli'],
    ['shirak', 'syunik'],
  ])('%s and %s differ', (x, y) => {
    expect(nameKey(x)).not.toBe(nameKey(y));
  });
});

describe('articleSignature', () => {
  it('keys names mid-sentence and acronyms, not capitalised words that open a sentence as full names', () => {
    const sig = articleSignature({ title: 'Soldier wounded near Sotk', text: 'Doctors said Arman Hovsepyan of the CSTO is stable.', time: 0 });
    const anchorKeys = sig.anchors.map((i) => sig.keys[i]);
    expect(sig.keys).toEqual(expect.arrayContaining([`n:${nameKey('sotk')}`, `n:${nameKey('hovsepyan')}`, `n:${nameKey('csto')}`]));
    expect(anchorKeys).toEqual([`n:${nameKey('sotk')}`]);
    // "Doctors" opens a sentence: a light key, never an anchor
    expect(sig.weights[sig.keys.indexOf(`n:${nameKey('doctors')}`)]).toBeLessThan(sig.weights[sig.keys.indexOf(`n:${nameKey('sotk')}`)]!);
  });

  it('reads decimals, thousands and dates the same in English and Russian', () => {
    const en = keysOf('Quake of 4.6 on 2 December', 'About 4,000 troops and 0.25 points.');
    const ru = keysOf('Землетрясение 4,6 произошло 2 декабря', 'Около 4000 военных и 0,25 пункта.');
    for (const key of ['#:4.6', 'd:12-2', '#:4000', '#:0.25']) {
      expect(en).toContain(key);
      expect(ru).toContain(key);
    }
  });

  it('turns number words into numbers and leaves names that look like months alone', () => {
    expect(keysOf('Three workers injured')).toContain('#:3');
    expect(keysOf('Трое рабочих ранены')).toContain('#:3');
    expect(keysOf('Глава ЦБ Мартин Галстян')).not.toContain('m:3');
  });

  it('does not take the words of offices for names', () => {
    const keys = keysOf('Talks', 'The Foreign Minister of the Central Bank met Ryzhenkov.');
    expect(keys).not.toContain(`n:${nameKey('foreign')}`);
    expect(keys).not.toContain(`n:${nameKey('central')}`);
    expect(keys).toContain(`n:${nameKey('ryzhenkov')}`);
  });

  it('adds the matched topics as keys, anchors those the title matches', () => {
    const sig = articleSignature({ title: 'Саммит ОДКБ', text: 'Nagorno-Karabakh was not discussed.', time: 0, topicIds: ['csto', 'nagorno-karabakh'], titleTopicIds: ['csto'] });
    expect(sig.keys).toEqual(expect.arrayContaining(['topic:csto', 'topic:nagorno-karabakh']));
    expect(sig.anchors.map((i) => sig.keys[i])).toContain('topic:csto');
    expect(sig.anchors.map((i) => sig.keys[i])).not.toContain('topic:nagorno-karabakh');
  });

  it('takes a word dash-joined to a topic word for the topic, in any dash, and keeps other dash-joined names', () => {
    const topicNames = new Set([nameKey('karabakh')]);
    for (const joined of ['Nagorno-Karabakh', 'Nagorno–Karabakh', 'Nagorno—Karabakh']) {
      const keys = articleSignature({ title: 'Talks', text: `Families who left ${joined} met Pashinyan.`, time: 0, topicIds: ['nagorno-karabakh'], topicNames }).keys;
      expect(keys).not.toContain(`n:${nameKey('nagorno')}`);
      expect(keys).toContain(`n:${nameKey('pashinyan')}`);
    }
    expect(articleSignature({ title: 'Talks', text: 'Families who left for Sary-Shagan.', time: 0, topicNames }).keys).toContain(`n:${nameKey('sary')}`);
  });

  it('caps the keys and tells the script', () => {
    const long = Array.from({ length: 200 }, (_, i) => `word${i}x`).join(' ');
    const sig = articleSignature({ title: 'Много слов', text: 'и ещё больше слов тут', time: 5 });
    expect(articleSignature({ title: 'Many words', text: long, time: 0 }).keys.length).toBeLessThanOrEqual(48);
    expect(sig.script).toBe('cyrillic');
    expect(sig.time).toBe(5);
  });
});

describe('storyTime', () => {
  it.each([
    [{ published: '2026-12-01T10:00:00Z', firstSeen: '2026-12-01T11:00:00Z' }, '2026-12-01T10:00:00Z'],
    [{ firstSeen: '2026-12-01T11:00:00Z' }, '2026-12-01T11:00:00Z'],
    [{ published: 'not a date', firstSeen: '2026-12-01T11:00:00Z' }, '2026-12-01T11:00:00Z'],
    // a date in the future does not move the window ahead
    [{ published: '2030-01-01T00:00:00Z', firstSeen: '2026-12-01T11:00:00Z' }, '2026-12-01T11:00:00Z'],
  ])('%j → %s', (article, expected) => {
    expect(storyTime(article)).toBe(Date.parse(expected));
  });

  it('names a firstSeen that is not a time', () => {
    expect(() => storyTime({ firstSeen: 'yesterday' })).toThrow('story article: firstSeen "yesterday" is not an ISO 8601 time');
  });
});
