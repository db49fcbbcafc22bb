/**
 * Bytes to text for feeds. Order of evidence: byte-order mark, then the HTTP charset, then the
 * XML declaration, then sniffing (UTF-16/32 patterns without BOM, strict UTF-8, ISO-2022-JP escapes,
 * then the legacy-charset sniffer in sniff-charset.ts). Decoding is the WHATWG TextDecoder's (charsets.ts).
 *
 * RFC 3023 vs RFC 7303: RFC 3023 says `text/xml` (and `text/*+xml`) without a charset means
 * us-ascii. We follow it only while it is harmless: an all-ASCII body served that way is reported
 * as `us-ascii`; a body with non-ASCII bytes falls through to the XML declaration and sniffing,
 * as RFC 7303 (which obsoletes 3023) and every browser do, because decoding it as us-ascii would
 * turn decodable text into U+FFFD. Likewise an HTTP or declared charset that the bytes do not
 * fit (e.g. `charset=us-ascii` with UTF-8 bytes, or "utf-8" that is not valid UTF-8) is overridden
 * and a warning says so (feedparser's `CharacterEncodingOverride`).
 *
 * iso-8859-1 and us-ascii are decoded as windows-1252 (the WHATWG Encoding Standard does the same):
 * bytes 0x80-0x9F in such feeds are smart quotes, not C1 controls. The reported name stays the declared one.
 */
import { canDecode, decodeBytes, encodingName, normaliseLabel, WIDE } from './charsets.js';
import { parseContentType, xmlMediaTypeFamily } from './content-type.js';
import { looksLikeIso2022Jp, sniffLegacyCharset } from './sniff-charset.js';

export type EncodingSource = 'bom' | 'http' | 'xml-declaration' | 'sniffed' | 'default';

export interface DecodedFeed {
  text: string;
  /** Lower-case name of the charset the text was decoded with (as declared where that held). */
  encoding: string;
  source?: EncodingSource;
  /** Why declared evidence was overridden (empty when everything agreed). */
  warnings?: string[];
}

const BOMS: { bytes: number[]; encoding: string }[] = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * UTF-16/32 without a BOM, from the zero bytes around the first ASCII characters (`<`, `{`,
 * whitespace): XML and JSON never contain NUL, so zeros there mean wide code units.
 */
function sniffWide(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = bytes;
  if (a === 0 && b === 0 && c === 0 && d !== 0) return 'utf-32be';
  if (a !== 0 && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return 'utf-16be';
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return 'utf-16le';
  return undefined;
}

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return false;
  return true;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The `encoding` pseudo-attribute of an XML declaration, read in the byte family the document is in. */
export function xmlDeclaredEncoding(bytes: Uint8Array, family?: string): string | undefined {
  const head = bytes.subarray(0, 1024);
  const prefix = family ? decodeBytes(head, family) : Buffer.from(head).toString('latin1');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(prefix.replace(/^\uFEFF/, ''));
  return m?.[1] ? normaliseLabel(m[1]) : undefined;
}

/** Whether decoding `bytes` as `label` would lose data a better guess could keep. */
function fits(bytes: Uint8Array, label: string): boolean {
  if (label === 'us-ascii' || label === 'ascii') return isAscii(bytes);
  if (encodingName(label) === 'utf-8') return isUtf8(bytes);
  if (WIDE.test(label)) return bytes.length % (label.includes('32') ? 4 : 2) === 0;
  return true;
}

function sniff(bytes: Uint8Array): { encoding: string; source: EncodingSource } {
  const wide = sniffWide(bytes);
  if (wide) return { encoding: wide, source: 'sniffed' };
  if (isAscii(bytes)) return looksLikeIso2022Jp(bytes) ? { encoding: 'iso-2022-jp', source: 'sniffed' } : { encoding: 'utf-8', source: 'default' };
  if (isUtf8(bytes)) return { encoding: 'utf-8', source: 'sniffed' };
  return { encoding: sniffLegacyCharset(bytes).encoding, source: 'sniffed' };
}

/**
 * Decodes feed bytes to text. `contentType` is the HTTP `Content-Type` header when there was one.
 * Never throws: when nothing is declared or the declarations lie, it sniffs.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): DecodedFeed {
  const warnings: string[] = [];
  const done = (encoding: string, source: EncodingSource): DecodedFeed => ({ text: decodeBytes(bytes, encoding), encoding, source, warnings });

  for (const bom of BOMS) {
    if (startsWith(bytes, bom.bytes)) return done(bom.encoding, 'bom');
  }

  const wide = sniffWide(bytes);
  const ct = parseContentType(contentType);
  const family = xmlMediaTypeFamily(ct?.mediaType);

  if (ct?.charset) {
    let label = normaliseLabel(ct.charset);
    if ((label === 'utf-16' || label === 'utf-32') && wide?.startsWith(label)) label = wide;
    if (!canDecode(label)) warnings.push(`unknown HTTP charset "${ct.charset}"`);
    else if (wide && !WIDE.test(label)) warnings.push(`HTTP charset ${label} overridden: the bytes are ${wide}`);
    else if (!fits(bytes, label)) warnings.push(`HTTP charset ${label} overridden: the bytes do not fit it`);
    else return done(label, 'http');
  } else if (family === 'text-xml' && !wide && isAscii(bytes)) {
    return done('us-ascii', 'http');
  } else if (family === 'text-xml') {
    warnings.push(`${ct?.mediaType} without charset means us-ascii (RFC 3023) but the body is not ASCII; using the document's own evidence`);
  }

  const declared = xmlDeclaredEncoding(bytes, wide);
  if (declared) {
    let label = declared;
    if (wide && !WIDE.test(label)) label = wide;
    else if ((label === 'utf-16' || label === 'utf-32') && wide) label = wide;
    else if (!wide && WIDE.test(label)) label = 'utf-8';
    if (!canDecode(label)) warnings.push(`unknown declared encoding "${declared}"`);
    else if (!fits(bytes, label)) warnings.push(`declared encoding ${label} overridden: the bytes do not fit it`);
    else return done(label, label === declared ? 'xml-declaration' : 'sniffed');
  }

  const sniffed = sniff(bytes);
  if (sniffed.source === 'sniffed' && sniffed.encoding !== 'utf-8' && !WIDE.test(sniffed.encoding)) {
    warnings.push(`no usable encoding declared; guessed ${sniffed.encoding} from the bytes`);
  }
  return done(sniffed.encoding, sniffed.source);
}
