/** The encoding of an HTML page: a BOM, then the HTTP charset, then a <meta> charset in its first 1024 bytes, else UTF-8. */
export function decodeHtml(bytes: Uint8Array, contentType: string | undefined): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode(bytes.subarray(3), 'utf-8');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode(bytes.subarray(2), 'utf-16be');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode(bytes.subarray(2), 'utf-16le');
  const http = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (http && isLabel(http)) return decode(bytes, http);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  return decode(bytes, meta && isLabel(meta) ? meta : 'utf-8');
}

function isLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

const decode = (bytes: Uint8Array, label: string) => new TextDecoder(label).decode(bytes);

/** Whether a response is an HTML page by its Content-Type (absent: by its first bytes). */
export function isHtml(contentType: string | undefined, bytes: Uint8Array): boolean {
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  if (type) return type === 'text/html' || type === 'application/xhtml+xml';
  const start = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}
