import type { Topic } from '../../shared/domain/topic.js';

/**
 * Topics as code. The query language is described in docs/query-language.md.
 * Every example must behave as stated: `npm test` and `npm run synth` check them, and
 * `npx newshound topics check` runs them on demand. Examples marked "sample feed" are the articles of
 * infra/config/sample-feeds/*.xml, as the parser yields them (title, plain-text summary).
 */
export const topics: Topic[] = [
  {
    id: 'csto',
    name: 'CSTO',
    description: 'The Collective Security Treaty Organization (ОДКБ, ՀԱՊԿ): its abbreviations and full names in English and Russian (any case of the Russian name).',
    query:
      'CSTO OR ОДКБ OR ՀԱՊԿ OR "Collective Security Treaty Organization" OR "Collective Security Treaty Organisation" OR "Организаци* Договора о коллективной безопасности"',
    examples: {
      match: [
        // sample feed: world-wire
        { title: 'CSTO leaders gather in Minsk for annual summit', text: 'Heads of state of the Collective Security Treaty Organization met in Minsk on Monday to discuss air defence cooperation and the alliance’s budget for 2027.' },
        { title: 'Armenia skips Collective Security Treaty Organization drills again', text: 'Yerevan said it would not send troops to the exercises, deepening its freeze of participation in the bloc.' },
        { title: 'Kazakhstan hosts CSTO defence ministers <briefing> in Astana', text: 'Defence ministers of the CSTO agreed on a joint rapid-reaction schedule.' },
        // sample feed: kavkaz-lenta
        { title: 'Саммит ОДКБ: лидеры обсудили противовоздушную оборону', text: 'Главы государств Организации Договора о коллективной безопасности встретились в Минске.' },
        // sample feed: kavkaz-lenta, the wire's copy (one story with world-wire's: it alerts once)
        { title: 'CSTO leaders gather in Minsk for annual summit', text: "(World Wire) Heads of state of the Collective Security Treaty Organization met in Minsk on Monday; the wire's copy, as this outlet republished it." },
        // markup and entities in a title do not hide the word
        { title: 'Leaders of the <b>CSTO</b> &amp; observers meet' },
        { title: 'Саммит «ОДКБ» открылся в Минске' },
        { title: "The CSTO's rapid-reaction force holds exercises" },
        { title: 'csto members sign air-defence pact' },
        { title: 'Summit of the Collective Security Treaty Organisation', text: 'British spelling.' },
        { title: 'Regional security roundup', text: 'Later, the ОДКБ secretary general spoke.' },
        // the Russian full name in its cases, without the abbreviation
        { title: 'Организация Договора о коллективной безопасности провела учения' },
        { title: 'Лидеры Организации Договора о коллективной безопасности встретились в Минске' },
        { title: 'Армения не участвует в Организации Договора о коллективной безопасности' },
        { title: 'Ереван критикует Организацию Договора о коллективной безопасности' },
        { title: 'Переговоры с Организацией Договора о коллективной безопасности' },
        { title: 'ОРГАНИЗАЦИЯ ДОГОВОРА О КОЛЛЕКТИВНОЙ БЕЗОПАСНОСТИ: ИТОГИ ГОДА' },
        { title: 'ՀԱՊԿ գագաթնաժողովը Մինսկում' },
      ],
      noMatch: [
        // sample feed: world-wire
        { title: 'Startup CSTOX raises seed round for logistics software', text: 'The Almaty-based company will use the money to hire engineers.' },
        { title: 'Wheat prices fall as Black Sea exports recover', text: 'Futures for December delivery dropped 3% in Chicago trading & analysts expect further declines.' },
        { title: 'Central bank holds rates steady', text: 'The regulator kept its key rate at 16% and signalled cuts in spring.' },
        // sample feed: kavkaz-lenta
        { title: 'В Ереване открылась выставка современного искусства', text: 'Экспозиция продлится до конца января.' },
        // near misses
        { title: 'NATO summit in Vilnius', text: 'The North Atlantic Treaty Organization agreed on new defence plans.' },
        { title: 'Collective security in Europe debated', text: 'Ministers discussed the treaty organization of the future.' },
        { title: 'Организация по безопасности и сотрудничеству в Европе провела встречу', text: 'Договор о безопасности обсуждался коллективно.' },
        { title: 'ACSTO and CSTOs are not the organisation' },
      ],
    },
  },
  {
    id: 'nagorno-karabakh',
    name: 'Nagorno-Karabakh',
    description: 'Nagorno-Karabakh (Artsakh) in its hyphen, dash and space forms (the word Karabakh covers them all), and in Russian, Armenian and Azerbaijani with their inflections.',
    query: 'Karabakh OR Karabagh OR Artsakh OR "Dağlıq Qarabağ" OR Карабах* OR Арцах* OR Ղարաբաղ* OR Արցախ*',
    examples: {
      match: [
        // sample feed: world-wire
        { title: 'Peace talks on Nagorno-Karabakh returnees resume in Geneva', text: 'Negotiators discussed property rights and safe return for people displaced from Nagorno Karabakh in 2023.' },
        { title: 'Mountain road to Lachin reopens after landslide', text: 'Engineers cleared the highway through the Karabakh mountains after three days of work.' },
        { title: "Film festival opens with a documentary about Artsakh's last days", text: 'The opening film follows families who left Nagorno–Karabakh in September 2023.' },
        // sample feed: kavkaz-lenta
        { title: 'Жители вернулись в сёла Карабаха после зимы', text: 'Переговоры о Нагорном Карабахе продолжатся в декабре, сообщили дипломаты.' },
        // hyphen, dash and space forms, possessive
        { title: 'Families who left Nagorno–Karabakh' },
        { title: 'Talks', text: 'The Nagorno Karabakh question returns.' },
        { title: "Nagorno-Karabakh's refugees one year on" },
        { title: 'NAGORNO—KARABAKH: a timeline' },
        { title: 'History of the Karabagh khanate' },
        // Russian in its cases, and the adjective
        { title: 'Переговоры о Нагорном Карабахе' },
        { title: 'Нагорный Карабах: год спустя' },
        { title: 'Беженцы из Нагорного Карабаха' },
        { title: 'Что будет с карабахскими армянами' },
        { title: 'Выставка об Арцахе' },
        // Armenian and Azerbaijani
        { title: 'Արցախում վերսկսվել են բանակցությունները' },
        { title: 'Լեռնային Ղարաբաղի փախստականները' },
        { title: 'Dağlıq Qarabağ bölgəsində yollar açılıb' },
        { title: 'Azerbaijani press review', text: 'Dagliq Qarabag, written without diacritics.' },
      ],
      noMatch: [
        // sample feed: world-wire
        { title: 'Wheat prices fall as Black Sea exports recover', text: 'Futures for December delivery dropped 3% in Chicago trading & analysts expect further declines.' },
        { title: 'Heavy snow disrupts flights across the Caucasus', text: 'Airports in Tbilisi, Yerevan and Baku cancelled dozens of flights on Friday.' },
        { title: 'CSTO leaders gather in Minsk for annual summit', text: 'Heads of state of the Collective Security Treaty Organization met in Minsk on Monday.' },
        // sample feed: kavkaz-lenta
        { title: 'В Ереване открылась выставка современного искусства', text: 'Экспозиция продлится до конца января.' },
        { title: 'Саммит ОДКБ: лидеры обсудили противовоздушную оборону', text: 'Главы государств Организации Договора о коллективной безопасности встретились в Минске.' },
        // near misses: other words sharing letters, the football club, Karabük
        { title: 'Карабас-Барабас возвращается на сцену' },
        { title: 'Qarabağ FK beat Ajax in the Champions League' },
        { title: 'Karabük hosts the wrestling championship' },
        { title: 'Nagornaya metro station reopens', text: 'Commuters in Moscow welcomed the news.' },
      ],
    },
  },
];
