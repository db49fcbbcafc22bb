/** Function words of English and Russian, and newsroom words that say nothing about which event it is. */
export const STOPWORDS = new Set(
  (
    'the a an and or but of in on at to for from by with without as is are was were be been being has have had it its this that these those ' +
    'there their they them he she his her we our you your not no than then also after before over under into about against between during ' +
    'while which who whom whose what when where why how all any both each more most other some such only own same so too very can will ' +
    'just would should could may might must said says say told according reported reports report new news week year years day days ' +
    'monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow one two three four five six seven eight nine ten ' +
    'и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему ' +
    'теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут ' +
    'где есть надо ней для мы тебя их чем была сам чтобы без будто чего раз тоже себе под будет ж тогда кто этот того потому этого ' +
    'какой совсем ним здесь этом один почти мой тем чтоб нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть ' +
    'после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть ' +
    'том нельзя такой им более всегда конечно всю между это также заявил заявила заявили сообщил сообщила сообщили сообщает сообщается ' +
    'по словам года году год время днем день неделе которые который которая которое которых'
  ).split(' '),
);

const MONTHS: [RegExp, number][] = [
  [/^(january|jan|январ[ьяе])$/, 1], [/^(february|feb|феврал[ьяе])$/, 2], [/^(march|mar|март[ае]?)$/, 3], [/^(april|apr|апрел[ьяе])$/, 4],
  [/^(may|ма[яйе])$/, 5], [/^(june|jun|июн[ьяе])$/, 6], [/^(july|jul|июл[ьяе])$/, 7], [/^(august|aug|август[ае]?)$/, 8],
  [/^(september|sept|sep|сентябр[ьяе])$/, 9], [/^(october|oct|октябр[ьяе])$/, 10], [/^(november|nov|ноябр[ьяе])$/, 11], [/^(december|dec|декабр[ьяе])$/, 12],
];

/** 1..12 for a folded month name in English or Russian (any case of the Russian), else undefined. */
export function monthOf(folded: string): number | undefined {
  if (folded.length < 3) return undefined;
  for (const [pattern, month] of MONTHS) if (pattern.test(folded)) return month;
  return undefined;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, twenty: 20, dozen: 12,
  hundred: 100, thousand: 1000,
  один: 1, одна: 1, одного: 1, одной: 1, два: 2, две: 2, двое: 2, двух: 2, три: 3, трое: 3, трех: 3, четыре: 4, четверо: 4, четырех: 4,
  пять: 5, пятеро: 5, пяти: 5, шесть: 6, шестеро: 6, семь: 7, восемь: 8, девять: 9, десять: 10, десяти: 10, двенадцать: 12, двадцать: 20,
  сто: 100, тысяча: 1000, тысячи: 1000, тысяч: 1000,
};

/** The value of a folded number word ("three", "трое"), else undefined. */
export function numberWord(folded: string): number | undefined {
  return NUMBER_WORDS[folded];
}

/** Words capitalised in English names of offices and bodies ("Foreign Minister", "Central Bank"): words, not names. */
export const TITLE_WORDS = new Set(
  (
    'minister ministers ministry foreign prime president vice deputy secretary general spokesman spokeswoman chairman head chief ' +
    'defence defense interior justice finance economy affairs collective security treaty organization organisation union ' +
    'central bank national state federal republic committee commission council service agency office court parliament government ' +
    'army forces force police private governor mayor ambassador avenue street square region province district village lake river ' +
    'mountain highway airport station university institute museum festival summit north south east west northern southern eastern western ' +
    'министр министерство президент премьер генеральный секретарь'
  ).split(' '),
);

/**
 * Countries, capitals and regions the feeds name in most of their stories: where, not what. A window of a fresh
 * deployment is too small to learn that "Yerevan" is common (rarity does, once the window is full); these never count
 * as the specific keys that tie two articles to one event.
 */
export const COMMON_PLACES = (
  'armenia yerevan azerbaijan baku georgia tbilisi russia moscow belarus minsk kazakhstan astana almaty kyrgyzstan bishkek ' +
  'tajikistan dushanbe uzbekistan tashkent turkmenistan ashgabat ukraine kyiv turkey ankara iran tehran china beijing ' +
  'europe brussels america washington caucasus'
).split(' ');
