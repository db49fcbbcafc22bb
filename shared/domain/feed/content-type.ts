/** A parsed `Content-Type` header: lower-case media type and, when well-formed, the charset parameter. */
export interface ContentType {
  mediaType: string;
  charset?: string;
}

/**
 * Lenient on spacing and quoting (`charset = "us-ascii"`, `charset='x'`), strict on syntax:
 * `charset:iso-8859-1` is not a parameter and is ignored, as browsers and feedparser do.
 */
export function parseContentType(header: string | undefined): ContentType | undefined {
  if (!header) return undefined;
  const [type = '', ...params] = header.split(';');
  const mediaType = type.trim().toLowerCase();
  let charset: string | undefined;
  for (const param of params) {
    const m = /^\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;]+))\s*$/i.exec(param);
    if (m) charset = (m[1] ?? m[2] ?? m[3] ?? '').trim().toLowerCase() || undefined;
  }
  return charset ? { mediaType, charset } : { mediaType };
}

/** JSON media types a JSON Feed is served with. */
export function isJsonMediaType(mediaType: string | undefined): boolean {
  return !!mediaType && (mediaType === 'application/feed+json' || mediaType === 'application/json' || mediaType.endsWith('+json') || mediaType === 'text/json');
}

/** RFC 3023 groups XML media types by whether an absent charset means us-ascii (text/*) or "look at the document" (application/*). */
export function xmlMediaTypeFamily(mediaType: string | undefined): 'text-xml' | 'application-xml' | 'other' | undefined {
  if (!mediaType) return undefined;
  if (/^text\/(?:xml|[a-z0-9.+-]*\+xml|xml-external-parsed-entity)$/.test(mediaType)) return 'text-xml';
  if (/^application\/(?:xml|[a-z0-9.+-]*\+xml|xml-dtd|xml-external-parsed-entity)$/.test(mediaType)) return 'application-xml';
  return 'other';
}
