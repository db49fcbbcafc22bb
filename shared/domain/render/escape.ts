/** Escaping and link checks shared by the renderers. Every string from a feed is text, never markup. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Telegram HTML parse mode: `<`, `>`, `&` in text; `"` as well inside attribute values. */
export function escapeTelegram(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML_ESCAPES[c]!);
}

export function escapeTelegramAttribute(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * The URL when it is an absolute http(s) URL without credentials, normalised by the URL parser; else undefined.
 * Everything else (javascript:, data:, vbscript:, relative, malformed) never becomes a link.
 */
export function safeHttpUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const trimmed = raw.trim();
  // Control characters and whitespace inside a URL are how scheme filters get bypassed; refuse them.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (!trimmed || /[\u0000-\u001f\u007f\s]/.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href;
}

/** Removes C0/C1 control characters except tab and newline (they break MIME and Telegram alike). */
export function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').replace(/\r\n?/g, '\n');
}

/** Collapses runs of whitespace (for one-line fields such as titles and subjects). */
export function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` code points on a word boundary when one is near, adding an ellipsis; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  let cut = chars.slice(0, Math.max(0, max - 1)).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.7) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}
