import type { Topic } from '../../shared/domain/topic.js';

/** Topics as code. Every example must behave as stated: `npm test` and `npm run synth` check them. */
export const topics: Topic[] = [
  {
    id: 'csto',
    name: 'CSTO',
    description: 'The Collective Security Treaty Organization (ОДКБ), in English and Russian.',
    query: 'CSTO OR "Collective Security Treaty Organization" OR ОДКБ OR "Организации Договора о коллективной безопасности" OR "Организация Договора о коллективной безопасности"',
    examples: {
      match: [
        { title: 'CSTO leaders meet in Minsk' },
        { title: 'Summit of the Collective Security Treaty Organization', text: 'Heads of state met.' },
        { title: 'Саммит «ОДКБ» открылся в Минске' },
      ],
      noMatch: [{ title: 'Startup CSTOX raises seed round' }, { title: 'NATO summit in Vilnius' }],
    },
  },
  {
    id: 'nagorno-karabakh',
    name: 'Nagorno-Karabakh',
    description: 'Nagorno-Karabakh in its hyphen, space and Russian forms.',
    query: '"Nagorno Karabakh" OR Karabakh OR Карабах OR Карабаха OR Карабахе OR Artsakh',
    examples: {
      match: [
        { title: 'Talks on Nagorno-Karabakh resume' },
        { title: 'Переговоры о Нагорном Карабахе' },
      ],
      noMatch: [{ title: 'Wheat prices fall' }],
    },
  },
];
