/**
 * Guesses the legacy charset of bytes that declare none and are neither ASCII nor UTF-8, with no
 * detector tables in the bundle: each candidate encoding decodes a sample strictly (the WHATWG
 * `TextDecoder` with `fatal` rejects byte sequences the encoding does not define), and the text of
 * every candidate that decodes is scored on how plausible it is as the writing that encoding is
 * for: letters of its script, weighted by how frequent they are in its languages; words that do
 * not mix scripts or flip case inside; Thai, Hebrew and Arabic spelling rules. C1 controls,
 * private-use characters, box drawing and symbols inside words count against a candidate.
 * The best score wins; windows-1252 (which decodes anything) unless another is clearly better.
 */
import { decodeStrictly } from './charsets.js';

export interface SniffedCharset {
  /** The label to decode with and report. */
  encoding: string;
  /** Mean plausibility of the sample's non-ASCII characters for that encoding (about 0.8-1 when right). */
  score: number;
}

/** Bytes looked at, and non-ASCII characters scored: enough for a verdict, bounded in time. */
const SAMPLE_BYTES = 64 * 1024;
const MAX_SCORED = 8 * 1024;
/** Below this score no guess beats the windows-1252 default... */
const MIN_SCORE = 0.5;
/** ...nor when it is not at least this much better than windows-1252's own score. */
const MARGIN = 0.05;

const codePoints = (chars: string) => new Set(Array.from(chars, (c) => c.codePointAt(0)!));

/** The most frequent Chinese characters (simplified), the traditional forms among them that differ, Japanese forms. */
const COMMON_HAN = codePoints(
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵' +
    '這個們來為國說時會對過發後裡麼學現當沒動還進樣開從實軍無與長機關點業將兩間問應戰頭體見產話給門兒東聲員論處義幾認條氣題爾別變總電數報結務場計資許統區隊決馬書則聽達強難權設記類據邊張該規萬覺術領確傳師觀讓識帶導爭運飛風聯組濟車親極辦議證轉準單遠羅愛擊備連調質團價黨華級離況亞請際約視滿須寫稱嗎臺歷醫專費號盡較語僅隨選紅響雖勢參眾構節維劃敵陳態護興驗責營夠嚴續講終緊絕圍織鬥雙紀採舉殺蘇訴細願錢網熱屬職臉樂剛狀獨彈創錯蘭試腦預誰陽繼驚傷藥適衛險陸習勞財環納歡獲負雲龍樹層衝範異漢簡擔靜餘檢靈協勝階審堅媽劉讀壓銀買養懷執亂幫歲優鐵稅藝陣腳惡塊頓島戶評寶釋顧貨歐換聞壞討麗監臨艦魚雜誤灣減編測敗夢溫劍漸貴槍樓縣遺謝魯慮銷鐘詩趕劇損舊錄葉鄉禮婦歸飯額順輸搖脫補謂療澤滅筆鮮詞聖擇尋廠煙諾倫奧賣載宮陰園謀榮孫頂鎮練爺館礎寧紙諸訓莊絲戲隱訪軟盤擴蓋穩億擁楊齊賽虛購揚綠貿畢輪庫跡競棄偉緩潛閃燈針絡純頁傑築鄭貝吳圓殘誠寬擺毀趙髮幹' +
    // Japanese forms (shinjitai) that are in neither list
    '円気読駅語売図広県込関歳様経続総断鉄伝働届験営応覚楽帰挙検権険号辞写収従称証状乗浅専装層増蔵対帯単担弾昼庁聴独払仏辺歩宝訳予頼乱覧両緑礼齢歴労録湾',
);

/** The most frequent Hangul syllables. */
const COMMON_HANGUL = codePoints(
  '이다는의에을하고가지로기서사한도리자를은대수어일있시인나해게과정부전보아주들만요상장우구라성그위면것국제적여되세중었동했니원소신문비오경무내학마거개러까않화공미방심실관금년회생말분야치모발연데물단결선운터산등식행안민같때람함명통당진저조업의용후계던법현출할체반더많알다른없강스드트크프레르새처음월영직래차점특작품약',
);

/** Letters in tiers of frequency: [frequent, less frequent, capitals]; other letters of the script weigh least. */
const LATIN_WESTERN = [codePoints('éèàçêôâîùëïüöäßñáíóúãåøæÉÈÀÇÊÜÖÄÑÁÍÓÚÅØ'), codePoints('ûìòýœÿðþšžÂÎÔÛËÏÃÆÌÒÝŒŸÐÞŠŽ')] as const;
const LATIN_CENTRAL = [codePoints('ąćęłńóśźżčěřšžůáéíýúőűöüĄĆĘŁŃÓŚŹŻČĚŘŠŽŮÁÉÍÝÚŐŰÖÜ'), codePoints('ďňťľĺŕôäăâîșşțţđĎŇŤĽĹŔÔÄĂÂÎȘŞȚŢĐ')] as const;
const CYRILLIC = [codePoints('оеаинтсрвлкм'), codePoints('дпуяызьбгчйхжшюцщэфъёіїєґ'), codePoints('АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЇЄҐ')] as const;
const GREEK = [codePoints('αεινοστηκυρπμλάέίόςωή'), codePoints('γδχθφβζξψύώϊϋΐΰ'), codePoints('ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩΆΈΉΊΌΎΏ')] as const;
const HEBREW_FREQUENT = codePoints('יוהלמארתבנשכ');
const HEBREW_FINAL = codePoints('ךםןףץ');
const ARABIC_FREQUENT = codePoints('اليمونهرتبعدسفكقةأ');
/** Signs every script's texts use (NBSP £ § © « ° · » ½ ¿ ¡): they say little either way. */
const COMMON_SIGNS = new Set([0xa0, 0xa1, 0xa3, 0xa7, 0xa9, 0xab, 0xae, 0xb0, 0xb7, 0xbb, 0xbd, 0xbf, 0x2116, 0x20ac, 0x2122]);

const isAsciiLetter = (cp: number) => (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
const isHan = (cp: number) => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || cp >= 0x20000;
const isThai = (cp: number) => cp >= 0xe01 && cp <= 0xe5b;
const isThaiConsonant = (cp: number) => cp >= 0xe01 && cp <= 0xe2e;
/** Thai marks written above or below a consonant; vowels written before one. */
const isThaiCombining = (cp: number) => cp === 0xe31 || (cp >= 0xe34 && cp <= 0xe3a) || (cp >= 0xe47 && cp <= 0xe4e);
const isThaiLeading = (cp: number) => cp >= 0xe40 && cp <= 0xe44;
const isHebrewLetter = (cp: number) => cp >= 0x5d0 && cp <= 0x5ea;
const isHebrewPoint = (cp: number) => cp >= 0x5b0 && cp <= 0x5c7;
const isArabicLetter = (cp: number) => (cp >= 0x621 && cp <= 0x63a) || (cp >= 0x641 && cp <= 0x64a) || (cp >= 0x67e && cp <= 0x6af);
const isArabicVowelSign = (cp: number) => cp >= 0x64b && cp <= 0x652;

/** What no feed in any encoding means: C1 controls, private use, U+FFFD, box drawing, half-width kana. */
const isImplausible = (cp: number) =>
  cp <= 0x9f || (cp >= 0xe000 && cp <= 0xf8ff) || cp === 0xfffd || (cp >= 0x2500 && cp <= 0x259f) || (cp >= 0xff61 && cp <= 0xff9f);

/** Punctuation: general (dashes, quotes, bullet, ellipsis), CJK and full-width. */
const isCommonPunctuation = (cp: number) =>
  COMMON_SIGNS.has(cp) || (cp >= 0x2010 && cp <= 0x2026) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff5e);

const LETTER = 1;
const UPPER = 2;
const classes = new Map<number, number>();
/** Letter (or a mark written on one: Thai vowels, Hebrew points, Arabic vowel signs) and capital flags, cached. */
function charClass(cp: number): number {
  if (cp < 0x80) return isAsciiLetter(cp) ? LETTER | (cp <= 0x5a ? UPPER : 0) : 0;
  let c = classes.get(cp);
  if (c === undefined) {
    const ch = String.fromCodePoint(cp);
    c = (/[\p{L}\p{M}]/u.test(ch) ? LETTER : 0) | (ch !== ch.toLowerCase() ? UPPER : 0);
    classes.set(cp, c);
  }
  return c;
}

/** How plausible a non-ASCII letter is for a candidate, 0-1. */
type Weigh = (cp: number) => number;

/** Frequent letters, less frequent ones, then any other Latin letter. */
const latin =
  ([frequent, lessFrequent]: readonly Set<number>[]): Weigh =>
  (cp) =>
    frequent!.has(cp) ? 1 : lessFrequent!.has(cp) ? 0.6 : cp <= 0x24f ? 0.4 : 0;
/** Cased alphabets: frequent lower-case letters, other lower-case, capitals, then the script's rarer letters. */
const cased =
  (from: number, to: number, [frequent, lessFrequent, capitals]: readonly Set<number>[]): Weigh =>
  (cp) => {
    if (cp < from || cp > to) return 0;
    return frequent!.has(cp) ? 1 : lessFrequent!.has(cp) ? 0.7 : capitals!.has(cp) ? 0.5 : 0.3;
  };
const hebrew: Weigh = (cp) => (HEBREW_FREQUENT.has(cp) ? 1 : isHebrewLetter(cp) ? 0.8 : isHebrewPoint(cp) ? 0.3 : 0);
const arabic: Weigh = (cp) => (ARABIC_FREQUENT.has(cp) ? 1 : isArabicLetter(cp) ? 0.7 : isArabicVowelSign(cp) ? 0.3 : 0);
const thai: Weigh = (cp) => (cp <= 0xe4e ? 1 : cp >= 0xe50 && cp <= 0xe59 ? 0.7 : isThai(cp) ? 0.5 : 0);
const chinese: Weigh = (cp) => (COMMON_HAN.has(cp) ? 1 : cp >= 0x4e00 && cp <= 0x9fff ? 0.5 : 0);
const japanese: Weigh = (cp) => (cp >= 0x3041 && cp <= 0x30ff ? 1 : chinese(cp));
const korean: Weigh = (cp) => (COMMON_HANGUL.has(cp) ? 1 : cp >= 0xac00 && cp <= 0xd7a3 ? 0.5 : isHan(cp) ? 0.2 : 0);

/** Whose letters sit among ASCII ones: Latin (accents in ASCII words), other alphabets (never), CJK (either). */
type Writing = 'latin' | 'alphabet' | 'cjk';

interface Candidate {
  encoding: string;
  writing: Writing;
  weigh: Weigh;
}

const cyrillic = cased(0x400, 0x4ff, CYRILLIC);
const greek = cased(0x370, 0x3ff, GREEK);

/** windows-1252 first (the default); then in order of preference when scores tie. */
const CANDIDATES: Candidate[] = [
  { encoding: 'windows-1252', writing: 'latin', weigh: latin(LATIN_WESTERN) },
  { encoding: 'gb18030', writing: 'cjk', weigh: chinese },
  { encoding: 'big5', writing: 'cjk', weigh: chinese },
  { encoding: 'euc-jp', writing: 'cjk', weigh: japanese },
  { encoding: 'shift_jis', writing: 'cjk', weigh: japanese },
  { encoding: 'euc-kr', writing: 'cjk', weigh: korean },
  { encoding: 'windows-1251', writing: 'alphabet', weigh: cyrillic },
  { encoding: 'koi8-r', writing: 'alphabet', weigh: cyrillic },
  { encoding: 'koi8-u', writing: 'alphabet', weigh: cyrillic },
  { encoding: 'ibm866', writing: 'alphabet', weigh: cyrillic },
  { encoding: 'iso-8859-5', writing: 'alphabet', weigh: cyrillic },
  { encoding: 'x-mac-cyrillic', writing: 'alphabet', weigh: cyrillic },
  { encoding: 'windows-1253', writing: 'alphabet', weigh: greek },
  { encoding: 'iso-8859-7', writing: 'alphabet', weigh: greek },
  { encoding: 'windows-1255', writing: 'alphabet', weigh: hebrew },
  { encoding: 'windows-1256', writing: 'alphabet', weigh: arabic },
  { encoding: 'tis-620', writing: 'alphabet', weigh: thai },
  { encoding: 'windows-1250', writing: 'latin', weigh: latin(LATIN_CENTRAL) },
  { encoding: 'iso-8859-2', writing: 'latin', weigh: latin(LATIN_CENTRAL) },
];

/** -1 where a script's spelling rules out the letter here, else undefined. */
function misspelt(prev: number, cp: number, next: number): number | undefined {
  if (isThaiCombining(cp) && !isThaiConsonant(prev) && !isThaiCombining(prev)) return -1; // a mark on no consonant
  if (isThaiLeading(cp) && !isThaiConsonant(next)) return -1; // a leading vowel before no consonant
  if (HEBREW_FINAL.has(cp) && isHebrewLetter(next)) return -1; // final forms end words
  if (isHebrewPoint(cp) && !isHebrewLetter(prev) && !isHebrewPoint(prev)) return -1;
  if (isArabicVowelSign(cp) && !isArabicLetter(prev) && !isArabicVowelSign(prev)) return -1;
  return undefined;
}

/** Mean plausibility of the text's non-ASCII characters for a candidate: about 0.8-1 for the right one, -1 at worst. */
function plausibility(text: string, candidate: Pick<Candidate, 'writing' | 'weigh'>): number {
  let total = 0;
  let count = 0;
  let thaiLetters = 0;
  let thaiVowels = 0;
  let prev = 0x20;
  let cp = text.length ? text.codePointAt(0)! : 0x20;
  for (let i = 0; i < text.length && count < MAX_SCORED; ) {
    const width = cp > 0xffff ? 2 : 1;
    const next = i + width < text.length ? text.codePointAt(i + width)! : 0x20;
    if (cp >= 0x80) {
      count++;
      total += weight(candidate, prev, cp, next);
      if (isThai(cp)) {
        thaiLetters++;
        if (cp >= 0xe30 && cp <= 0xe4e) thaiVowels++;
      }
    }
    prev = cp;
    cp = next;
    i += width;
  }
  if (count === 0) return 0;
  // About 40 % of Thai text is vowels and tone marks; far fewer when other encodings' bytes land on Thai consonants.
  const thaiShare = thaiLetters === 0 ? 1 : Math.min(1, thaiVowels / thaiLetters / 0.3);
  return (total / count) * thaiShare;
}

function weight(candidate: Pick<Candidate, 'writing' | 'weigh'>, prev: number, cp: number, next: number): number {
  if (isImplausible(cp)) return -1;
  const prevLetter = (charClass(prev) & LETTER) !== 0;
  const nextLetter = (charClass(next) & LETTER) !== 0;
  const own = charClass(cp);
  if (!(own & LETTER)) {
    if (prevLetter && nextLetter) return -1; // ¹ ³ ¿ ± inside a word are letters of another encoding
    if ((cp === 0xbf || cp === 0xa1) && nextLetter) return 1; // ¿ ¡ open a Spanish sentence
    return isCommonPunctuation(cp) ? 0.5 : 0;
  }
  let w = misspelt(prev, cp, next) ?? candidate.weigh(cp);
  const touchesAscii = isAsciiLetter(prev) || isAsciiLetter(next);
  if (candidate.writing === 'alphabet' && touchesAscii) return 0; // mixed-script word
  // A lone letter is weak evidence: a one-letter word in an alphabet, a CJK character glued to
  // ASCII letters with none of its own beside it (a trail byte that ate an ASCII letter).
  const lone = candidate.writing === 'cjk' ? touchesAscii && !(prevLetter && prev >= 0x80) && !(nextLetter && next >= 0x80) : !prevLetter && !nextLetter;
  if (lone) w *= 0.5;
  // Latin scripts put a few accented letters among ASCII ones, not whole words of them.
  if (candidate.writing === 'latin' && cp <= 0x24f && !touchesAscii && (prevLetter || nextLetter)) w *= 0.5;
  // A capital right after a lower-case non-ASCII letter (нОВОСТИ) is what a case-swapped code page produces.
  if (own & UPPER && prev >= 0x80 && prevLetter && !(charClass(prev) & UPPER)) w *= 0.3;
  return w;
}

/**
 * Mostly UTF-8 with a few stray bytes (a windows-1252 character pasted into a UTF-8 feed): no legacy
 * charset fits the whole, and guessing one would garble the UTF-8 text worse than windows-1252 does.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += length - 1;
    } else invalid++;
  }
  return valid >= 2 * invalid;
}

/** The most plausible legacy encoding of bytes known not to be ASCII, UTF-8 or UTF-16/32. */
export function sniffLegacyCharset(bytes: Uint8Array): SniffedCharset {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const cut = sample.length < bytes.length;
  const fallback: SniffedCharset = { encoding: 'windows-1252', score: plausibility(decodeStrictly(sample, 'windows-1252', cut) ?? '', CANDIDATES[0]!) };
  if (mostlyUtf8(sample)) return fallback;
  let best: SniffedCharset | undefined;
  for (const candidate of CANDIDATES.slice(1)) {
    const text = decodeStrictly(sample, candidate.encoding, cut);
    if (text === undefined) continue;
    const score = plausibility(text, candidate);
    if (!best || score > best.score) best = { encoding: candidate.encoding, score };
  }
  return best && best.score >= MIN_SCORE && best.score >= fallback.score + MARGIN ? best : fallback;
}

/** ISO-2022-JP is 7-bit: ASCII bytes with the escape sequences that switch to JIS X 0208. */
export function looksLikeIso2022Jp(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0x1b && bytes[i + 1] === 0x24 && (bytes[i + 2] === 0x42 || bytes[i + 2] === 0x40)) return true;
  }
  return false;
}
