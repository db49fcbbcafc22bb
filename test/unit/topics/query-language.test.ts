import { describe, expect, it } from 'vitest';
import { compileTopics, matchArticle, referenceMatch } from '../../../shared/domain/topics/index.js';

/** [what, query, title, text, matches] — every row runs through the index matcher and the reference matcher. */
const cases: [string, string, string, string, boolean][] = [
  ['word', 'CSTO', 'CSTO leaders meet', '', true],
  ['word is case-insensitive', 'csto', 'CSTO leaders meet', '', true],
  ['word boundary: not inside a longer word', 'CSTO', 'Startup CSTOX raises money', '', false],
  ['word boundary: not a suffix', 'CSTO', 'ACSTO', '', false],
  ['word boundary in Cyrillic with guillemets', 'ОДКБ', 'Саммит «ОДКБ» открылся', '', true],
  ['Cyrillic word boundary', 'ОДКБ', 'ОДКБшный', '', false],
  ['accent-insensitive both ways', 'Armenie', 'Élection en Arménie', '', true],
  ['accent in the query', 'Qarabağ', 'Qarabag FK', '', true],
  ['ё = е', 'Семенов', 'Семёнов заявил', '', true],
  ['NFKC in the article', 'CSTO', 'ＣＳＴＯ summit', '', true],
  ['implicit AND: both present', 'CSTO summit', 'CSTO summit in Minsk', '', true],
  ['implicit AND: one missing', 'CSTO summit', 'CSTO drills', '', false],
  ['AND may span title and text', 'CSTO Minsk', 'CSTO summit', 'Held in Minsk.', true],
  ['explicit AND', 'CSTO AND Minsk', 'CSTO in Minsk', '', true],
  ['OR', 'CSTO OR ОДКБ', 'Саммит ОДКБ', '', true],
  ['OR: neither', 'CSTO OR ОДКБ', 'NATO summit', '', false],
  ['lower-case or is a word', 'CSTO or ОДКБ', 'Саммит ОДКБ', '', false],
  ['AND binds tighter than OR', 'CSTO summit OR drills', 'drills', '', true],
  ['parentheses group', 'CSTO (summit OR drills)', 'drills', '', false],
  ['parentheses group: matched', 'CSTO (summit OR drills)', 'CSTO drills', '', true],
  ['-word excludes', 'CSTO -drills', 'CSTO drills', '', false],
  ['-word when absent', 'CSTO -drills', 'CSTO summit', '', true],
  ['NOT excludes', 'CSTO NOT drills', 'CSTO drills', '', false],
  ['-(group) excludes any of the group', 'CSTO -(drills OR exercises)', 'CSTO exercises', '', false],
  ['exclusion looks at both fields', 'CSTO -drills', 'CSTO news', 'Annual drills', false],
  ['hyphenated word is a phrase', 'Nagorno-Karabakh', 'Nagorno Karabakh talks', '', true],
  ['hyphenated word needs adjacency', 'Nagorno-Karabakh', 'Nagorno region and Karabakh', '', false],
  ['phrase', '"Nagorno Karabakh"', 'Talks on Nagorno Karabakh', '', true],
  ['phrase: hyphen in text', '"Nagorno Karabakh"', 'Talks on Nagorno-Karabakh', '', true],
  ['phrase: en dash in text', '"Nagorno Karabakh"', 'Families left Nagorno–Karabakh', '', true],
  ['phrase: whitespace run and newline', '"Nagorno Karabakh"', '', 'Nagorno \n  Karabakh', true],
  ['phrase: possessive', '"Nagorno Karabakh"', "Nagorno-Karabakh's future", '', true],
  ['phrase: punctuation in the query', '"Nagorno—Karabakh"', 'Nagorno Karabakh', '', true],
  ['phrase: order matters', '"Nagorno Karabakh"', 'Karabakh Nagorno', '', false],
  ['phrase: not across fields', '"Nagorno Karabakh"', 'Nagorno', 'Karabakh', false],
  ['phrase: word boundaries', '"Nagorno Karabakh"', 'Nagorno Karabakhstan', '', false],
  ['typographic quotes make a phrase', '«Нагорный Карабах»', 'Нагорный Карабах сегодня', '', true],
  ['curly quotes make a phrase', '“Nagorno Karabakh”', 'Nagorno-Karabakh', '', true],
  ['prefix*', 'Карабах*', 'Жители Карабаха', '', true],
  ['prefix* inflection', 'Карабах*', 'о Карабахе', '', true],
  ['prefix* matches the bare stem', 'Карабах*', 'Карабах', '', true],
  ['prefix* respects the start of the word', 'Карабах*', 'Прикарабахский', '', false],
  ['prefix* does not match a different word', 'Карабах*', 'Карабас-Барабас', '', false],
  ['prefix inside a phrase', '"Нагорн* Карабах*"', 'о Нагорном Карабахе', '', true],
  ['prefix inside a phrase: adjacency', '"Нагорн* Карабах*"', 'Нагорном районе Карабаха', '', false],
  ['prefix in the middle of a phrase', '"Организаци* Договора о коллективной безопасности"', 'Главы Организации Договора о коллективной безопасности', '', true],
  ['title: scope', 'title:CSTO', 'CSTO summit', '', true],
  ['title: scope excludes text', 'title:CSTO', 'Summit', 'CSTO leaders', false],
  ['text: scope', 'text:CSTO', 'Summit', 'CSTO leaders', true],
  ['text: scope excludes title', 'text:CSTO', 'CSTO summit', 'Leaders met', false],
  ['scope on a phrase', 'title:"Nagorno Karabakh"', 'Nagorno-Karabakh', '', true],
  ['scope on a group', 'title:(CSTO OR ОДКБ)', 'Leaders', 'ОДКБ', false],
  ['scoped exclusion', 'CSTO -title:drills', 'CSTO summit', 'Drills follow', true],
  ['scoped exclusion hits', 'CSTO -title:drills', 'CSTO drills', '', false],
  ['markup in the title does not hide words', 'CSTO', 'Leaders of the <b>CSTO</b> meet', '', true],
  ['entities in the title are decoded', '"AT&T"', 'AT&amp;T earnings', '', true],
  ['unspaced script word matches inside a run', '北京', '我在北京工作', '', true],
  ['unspaced script: characters must be adjacent', '北京', '北方的京城', '', false],
  ['digits', '2023', 'Left in 2023', '', true],
  ['digits: boundary', '2023', 'Left in 20234', '', false],
];

describe('query language', () => {
  it.each(cases)('%s: %s', (_what, query, title, text, expected) => {
    const compiled = compileTopics([{ id: 't', query }]);
    expect(matchArticle(compiled, { title, text }).map((m) => m.topicId)).toEqual(expected ? ['t'] : []);
    expect(referenceMatch(query, { title, text }).matched).toBe(expected);
  });
});
