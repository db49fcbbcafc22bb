import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { canDecode, decodeBytes, decodeStrictly, encodingName, normaliseLabel } from '../../../shared/domain/feed/charsets.js';
import { decodeFeedBytes } from '../../../shared/domain/feed/decode.js';
import { looksLikeIso2022Jp, sniffLegacyCharset } from '../../../shared/domain/feed/sniff-charset.js';

const feed = (title: string) => `<rss version="2.0"><channel><title>${title}</title><link>http://example.org/</link></channel></rss>`;
/** iconv-lite (a dev dependency) writes the legacy bytes; the code under test reads them with TextDecoder only. */
const encode = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding === 'tis-620' ? 'tis620' : encoding));

describe('sniffLegacyCharset', () => {
  it.each([
    ['gb18030', '国务院总理今天在北京会见了来访的外国代表团，双方就经济合作问题交换了意见。'],
    ['gb18030', '不速移民漫画系列：专业工作'],
    ['big5', '行政院長今天在台北召開記者會，說明政府對於經濟發展的新政策。'],
    ['big5', '台灣新聞：股市今日上漲'],
    ['euc-jp', '東京都は今日、新しい交通計画を発表しました。来年から実施される予定です。'],
    ['euc-jp', 'ゲーム三昧な正月'],
    ['shift_jis', '日本のニュース：首相が記者会見を行った'],
    ['euc-kr', '대통령은 오늘 서울에서 기자회견을 열고 새로운 경제 정책을 발표했다.'],
    ['euc-kr', 'EUC-KR 에서 TypeKey 한글닉네임 표시하기'],
    ['windows-1251', 'Новости ОДКБ и Карабах сегодня'],
    ['windows-1251', 'Україна отримала нову партію гуманітарної допомоги від європейських партнерів.'],
    ['koi8-r', 'Нагорный Карабах'],
    ['koi8-r', 'Президент России провёл совещание с членами правительства по экономическим вопросам.'],
    ['ibm866', 'В Москве открылась выставка современного искусства.'],
    ['windows-1253', 'Ο πρωθυπουργός συναντήθηκε σήμερα με τους εκπροσώπους των εργαζομένων στην Αθήνα.'],
    ['windows-1255', 'ראש הממשלה נפגש היום עם נציגי העובדים בירושלים ודן במצב הכלכלי.'],
    ['windows-1256', 'أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني وتوفير فرص العمل للشباب.'],
    ['tis-620', 'นายกรัฐมนตรีเดินทางไปเยือนประเทศญี่ปุ่นเพื่อหารือเรื่องความร่วมมือทางเศรษฐกิจ'],
    ['tis-620', 'ข่าววันนี้'],
    ['windows-1250', 'Premier spotkał się dziś z przedstawicielami związków zawodowych w Warszawie.'],
    ['windows-1250', 'A kormány ma elfogadta a jövő évi költségvetést a parlamentben folytatott hosszú vita után.'],
    ['windows-1252', 'Élection présidentielle : les résultats du premier tour'],
    ['windows-1252', 'Die Bundesregierung hat heute neue Maßnahmen zur Förderung der Wirtschaft beschlossen.'],
    ['windows-1252', '¿Dónde está el niño? ¡Qué alegría!'],
    ['windows-1252', 'This is a £“test.”'],
    ['windows-1252', 'Price: £10 · 2° colder'],
    ['windows-1252', 'Bedrooms:\u00a0 1'],
  ])('recognises %s: %s', (encoding, title) => {
    const bytes = encode(feed(title), encoding);
    const sniffed = sniffLegacyCharset(bytes);
    expect(sniffed.encoding).toBe(encoding);
    expect(decodeBytes(bytes, sniffed.encoding)).toContain(title);
  });

  it('falls back to windows-1252 for UTF-8 with a stray windows-1252 byte, as before', () => {
    const bytes = new Uint8Array([...Buffer.from(feed('Élection présidentielle à Paris — Новости')), 0x63, 0x61, 0x66, 0xe9]);
    expect(sniffLegacyCharset(bytes).encoding).toBe('windows-1252');
  });

  it('never throws on noise and answers windows-1252 for it', () => {
    const noise = new Uint8Array(4096);
    let x = 7;
    for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    expect(sniffLegacyCharset(noise).encoding).toBe('windows-1252');
  });

  it('tolerates a multi-byte character cut off at the end of the sample', () => {
    const bytes = encode(feed('国务院总理今天在北京会见了来访的外国代表团。'.repeat(4000)), 'gb18030');
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(sniffLegacyCharset(bytes).encoding).toBe('gb18030');
  });
});

describe('decodeFeedBytes sniffing', () => {
  it('reports the sniffed charset with a warning and decodes without U+FFFD', () => {
    const decoded = decodeFeedBytes(encode(feed('Нагорный Карабах'), 'koi8-r'));
    expect(decoded).toMatchObject({ encoding: 'koi8-r', source: 'sniffed' });
    expect(decoded.text).toContain('Нагорный Карабах');
    expect(decoded.warnings?.join()).toMatch(/guessed koi8-r/);
  });

  it('recognises ISO-2022-JP by its escape sequences', () => {
    // ESC $ B switches to JIS X 0208 (日 0x467C, 本 0x4B5C, 語 0x386C), ESC ( B back to ASCII
    const [head, tail] = feed('@').split('@') as [string, string];
    const bytes = new Uint8Array([...Buffer.from(head), 0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42, ...Buffer.from(tail)]);
    expect(looksLikeIso2022Jp(bytes)).toBe(true);
    expect(decodeFeedBytes(bytes)).toMatchObject({ encoding: 'iso-2022-jp', source: 'sniffed' });
    expect(decodeFeedBytes(bytes).text).toContain('<title>日本語</title>');
    expect(looksLikeIso2022Jp(new Uint8Array(Buffer.from(feed('plain'))))).toBe(false);
  });
});

describe('charsets (TextDecoder)', () => {
  it.each(['windows-1251', 'koi8-r', 'koi8-u', 'iso-8859-2', 'iso-8859-7', 'big5', 'gbk', 'gb18030', 'euc-jp', 'euc-kr', 'shift_jis', 'iso-2022-jp', 'windows-874', 'tis-620', 'ibm866', 'macintosh', 'x-mac-cyrillic', 'utf-16le', 'utf-16be'])(
    'this Node.js has the ICU data to decode %s',
    (label) => {
      expect(() => new TextDecoder(label)).not.toThrow();
    },
  );

  it.each([
    ['windows1251', 'windows-1251'],
    ['WIN-1251', 'windows-1251'],
    ['cp949', 'euc-kr'],
    ['EUC_JP', 'euc-jp'],
    ['Shift-JIS', 'shift_jis'],
    ['ISO8859-5', 'iso-8859-5'],
    ['latin1', 'windows-1252'],
    ['us-ascii', 'windows-1252'],
    ['gb2312', 'gb18030'],
    ['x-mac-roman', 'macintosh'],
    ['utf8', 'utf-8'],
  ])('reads the label %s as %s, as iconv-lite did', (label, name) => {
    expect(canDecode(normaliseLabel(label))).toBe(true);
    expect(encodingName(normaliseLabel(label))).toBe(name);
  });

  it.each(['x-klingon', 'hz-gb-2312', 'iso-2022-kr', 'replacement', 'cp437'])('treats %s as unknown (RangeError inside, no throw out)', (label) => {
    expect(canDecode(normaliseLabel(label))).toBe(false);
  });

  it('decodes UTF-32 by hand, both byte orders, with U+FFFD only for what is not a scalar value', () => {
    const text = 'Ünï ✓ 𝄞';
    expect(decodeBytes(encode(text, 'utf-32le'), 'utf-32le')).toBe(text);
    expect(decodeBytes(encode(text, 'utf-32be'), 'utf-32be')).toBe(text);
    expect(decodeBytes(new Uint8Array([0x00, 0x00, 0xd8, 0x00, 0x41, 0x00, 0x00, 0x00, 0x42]), 'utf-32le')).toBe('\uFFFDA\uFFFD');
  });

  it('strict decoding rejects bytes the encoding does not define', () => {
    expect(decodeStrictly(new Uint8Array([0xff, 0xff]), 'euc-jp')).toBeUndefined();
    expect(decodeStrictly(encode('新闻', 'gb18030'), 'gb18030')).toBe('新闻');
    expect(decodeStrictly(encode('新闻', 'gb18030').subarray(0, 3), 'gb18030', true)).toBe('新');
  });
});
