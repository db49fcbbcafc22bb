import { describe, expect, it } from 'vitest';
import { topics } from '../../../infra/config/topics.js';
import { checkTopicExamples, compileTopics, matchArticle } from '../../../shared/domain/topics/index.js';

describe('configured topics', () => {
  it('every query is valid and every example behaves as stated', () => {
    expect(checkTopicExamples(topics)).toEqual([]);
  });

  it.each(['csto', 'nagorno-karabakh'])('%s has must and must-not examples', (id) => {
    const topic = topics.find((t) => t.id === id);
    expect(topic?.examples?.match?.length).toBeGreaterThan(3);
    expect(topic?.examples?.noMatch?.length).toBeGreaterThan(3);
  });

  const compiled = compileTopics(topics);
  it.each([
    ['CSTOX is not CSTO', 'Startup CSTOX raises seed round', '', []],
    ['Nagorno–Karabakh with an en dash', 'Families who left Nagorno–Karabakh', '', ['nagorno-karabakh']],
    ['Нагорном Карабахе', 'Переговоры о Нагорном Карабахе', '', ['nagorno-karabakh']],
    ['Карабаха', 'Жители вернулись в сёла Карабаха', '', ['nagorno-karabakh']],
    ['the Russian full name, genitive', 'Главы государств Организации Договора о коллективной безопасности', '', ['csto']],
    ['both topics', 'CSTO observers in Karabakh', '', ['csto', 'nagorno-karabakh']],
  ])('%s', (_what, title, text, expected) => {
    expect(matchArticle(compiled, { title, text }).map((m) => m.topicId)).toEqual(expected);
  });
});
