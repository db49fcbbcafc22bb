/**
 * Charset labels to text with the WHATWG `TextDecoder` (Node.js ships full ICU, on Lambda too), so
 * no encoding tables travel in the bundle. UTF-32 is not in the Encoding Standard: it is decoded here.
 *
 * `TextDecoder` already reads us-ascii and iso-8859-1 as windows-1252 (bytes 0x80-0x9F in such feeds
 * are smart quotes, not C1 controls), euc-kr as its superset cp949 and tis-620 as windows-874.
 */

/** Labels decoded under another name: ones iconv-lite knew that are not WHATWG labels, and BOM-less defaults. */
const DECODE_AS: Record<string, string> = {
  'utf-16': 'utf-16be',
  'utf-32': 'utf-32be',
  'x-mac-roman': 'macintosh',
  'mac-roman': 'macintosh',
};

/**
 * iconv-lite matched labels with punctuation stripped (`windows1251`, `EUC_JP`, `cp949`): the same
 * leniency for the encodings the Encoding Standard has, keyed by the label's letters and digits.
 */
const LOOSE: Record<string, string> = {
  utf8: 'utf-8',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  ucs2: 'utf-16le',
  utf32le: 'utf-32le',
  utf32be: 'utf-32be',
  usascii: 'windows-1252',
  us: 'windows-1252',
  csascii: 'windows-1252',
  ansix341968: 'windows-1252',
  iso646us: 'windows-1252',
  latin1: 'windows-1252',
  latin7: 'iso-8859-13',
  latin8: 'iso-8859-14',
  latin9: 'iso-8859-15',
  latin10: 'iso-8859-16',
  greek8: 'iso-8859-7',
  hebrew8: 'iso-8859-8',
  iso88598i: 'iso-8859-8-i',
  arabic8: 'iso-8859-6',
  thai: 'windows-874',
  koi8r: 'koi8-r',
  cp20866: 'koi8-r',
  koi8u: 'koi8-u',
  cp21866: 'koi8-u',
  koi8ru: 'koi8-u',
  maccyrillic: 'x-mac-cyrillic',
  macukraine: 'x-mac-cyrillic',
  macroman: 'macintosh',
  tis620: 'windows-874',
  eucjp: 'euc-jp',
  shiftjis: 'shift_jis',
  sjis: 'shift_jis',
  mskanji: 'shift_jis',
  windows31j: 'shift_jis',
  ms31j: 'shift_jis',
  xsjis: 'shift_jis',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  windows932: 'shift_jis',
  iso2022jp: 'iso-2022-jp',
  euckr: 'euc-kr',
  cp949: 'euc-kr',
  ms949: 'euc-kr',
  windows949: 'euc-kr',
  uhc: 'euc-kr',
  ksc56011987: 'euc-kr',
  ksc56011989: 'euc-kr',
  gb2312: 'gbk',
  gb231280: 'gbk',
  gb23121980: 'gbk',
  xgbk: 'gbk',
  euccn: 'gbk',
  cp936: 'gbk',
  ms936: 'gbk',
  windows936: 'gbk',
  gb18030: 'gb18030',
  big5hkscs: 'big5',
  cnbig5: 'big5',
  xxbig5: 'big5',
  cp950: 'big5',
  ms950: 'big5',
  windows950: 'big5',
};

/** The Encoding Standard label a loosely spelled one stands for, if any. */
function looseLabel(label: string): string | undefined {
  const key = label.replace(/[^a-z0-9]/g, '');
  const windows = /^(?:cp|win|windows|ms)?(874|125[0-8])$/.exec(key);
  if (windows) return `windows-${windows[1]}`;
  const iso = /^(?:iso8859|cp2859)(\d{1,2})$/.exec(key);
  if (iso) return `iso-8859-${iso[1]}`;
  if (/^(?:cp|ibm)866$/.test(key)) return 'ibm866';
  return LOOSE[key];
}

/** Labels reported under their modern superset name (feedparser reports gb2312 as gb18030). */
const REPORT_AS: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'gb_2312-80': 'gb18030',
  chinese: 'gb18030',
  utf8: 'utf-8',
  utf16: 'utf-16',
  utf32: 'utf-32',
  cp1252: 'windows-1252',
};

export const WIDE = /^utf-?(16|32)(le|be)?$/;

/** Lower-case, trimmed, and under the name we report. */
export function normaliseLabel(label: string): string {
  const l = label.trim().toLowerCase();
  return REPORT_AS[l] ?? l;
}

type Decoder = InstanceType<typeof TextDecoder>;
const decoders = new Map<string, Decoder | null>();

/** A decoder for the label (cached), or undefined when the Encoding Standard has no such label (or only `replacement`). */
function decoderFor(label: string, fatal = false): Decoder | undefined {
  const key = `${fatal ? '!' : ''}${label}`;
  let decoder = decoders.get(key);
  if (decoder === undefined) {
    try {
      // ignoreBOM: the caller strips a leading U+FEFF whatever the encoding, as iconv-lite's stripBOM did.
      decoder = new TextDecoder(label, { fatal, ignoreBOM: true });
    } catch {
      decoder = null; // RangeError: unknown label, or one the standard maps to `replacement`
    }
    decoders.set(key, decoder);
  }
  return decoder ?? undefined;
}

function utf32Endian(label: string): 'le' | 'be' | undefined {
  return label === 'utf-32le' ? 'le' : label === 'utf-32be' ? 'be' : undefined;
}

const resolved = new Map<string, string | null>();

/** The label `TextDecoder` (or the UTF-32 decoder) takes for a normalised label, or undefined when unknown. */
function decodeLabel(label: string): string | undefined {
  let as = resolved.get(label);
  if (as === undefined) {
    const direct = DECODE_AS[label] ?? label;
    const loose = looseLabel(label);
    as = utf32Endian(direct) || decoderFor(direct) ? direct : loose && (utf32Endian(loose) || decoderFor(loose)) ? loose : null;
    resolved.set(label, as);
  }
  return as ?? undefined;
}

/** The name of the encoding the Encoding Standard decodes this (normalised) label with, e.g. `utf8` → `utf-8`. */
export function encodingName(label: string): string | undefined {
  const as = decodeLabel(label);
  if (!as) return undefined;
  return utf32Endian(as) ? as : decoderFor(as)!.encoding;
}

/** Whether `decodeBytes` can decode this (normalised) label. */
export function canDecode(label: string): boolean {
  return decodeLabel(label) !== undefined;
}

/** UTF-32 by hand: code units that are not scalar values become U+FFFD; a trailing partial unit too. */
function decodeUtf32(bytes: Uint8Array, endian: 'le' | 'be'): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const whole = bytes.byteLength - (bytes.byteLength % 4);
  const parts: string[] = [];
  const chunk: number[] = [];
  for (let i = 0; i < whole; i += 4) {
    const cp = view.getUint32(i, endian === 'le');
    chunk.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
    if (chunk.length === 8192) parts.push(String.fromCodePoint(...chunk.splice(0)));
  }
  if (whole < bytes.byteLength) chunk.push(0xfffd);
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

/**
 * Decodes with the label (already normalised; `canDecode` must hold). Undecodable sequences become
 * U+FFFD; a leading byte-order mark is dropped.
 */
export function decodeBytes(bytes: Uint8Array, label: string): string {
  const as = decodeLabel(label)!;
  const endian = utf32Endian(as);
  const text = endian ? decodeUtf32(bytes, endian) : decoderFor(as)!.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Decodes the bytes with the label or returns undefined when they hold a sequence the encoding does
 * not define. `partialEnd` tolerates a multi-byte character cut off at the end (a sample of a longer body).
 */
export function decodeStrictly(bytes: Uint8Array, label: string, partialEnd = false): string | undefined {
  const as = decodeLabel(label);
  if (!as || !decoderFor(as)) return undefined;
  // A streaming decoder keeps state between calls: a fresh one for each sample.
  const decoder = partialEnd ? new TextDecoder(as, { fatal: true, ignoreBOM: true }) : decoderFor(as, true)!;
  try {
    return decoder.decode(bytes, { stream: partialEnd });
  } catch {
    return undefined;
  }
}
