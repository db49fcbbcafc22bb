/** Test helper: what in an HTML document could execute in a mail client or browser. Parsed with htmlparser2, not regexes. */
import { Parser } from 'htmlparser2';

/** Elements our email template uses; anything else in the output came from input and is a failure. */
export const TEMPLATE_ELEMENTS = new Set(['html', 'head', 'meta', 'title', 'body', 'div', 'p', 'h1', 'h2', 'a', 'ul', 'li', 'strong', 'span', 'br', 'hr']);

export function executableParts(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (!TEMPLATE_ELEMENTS.has(name)) found.push(`element <${name}>`);
        for (const [attr, value] of Object.entries(attrs)) {
          if (/^on/i.test(attr)) found.push(`handler ${attr}= on <${name}>`);
          if (attr === 'style' && /expression\(|url\(|javascript:|behavior:/i.test(value)) found.push(`style ${value}`);
          if (['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster'].includes(attr) && !/^(https?:\/\/|mailto:)/i.test(value.trim())) found.push(`${attr}="${value}" on <${name}>`);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  if (/<!\[CDATA\[|<\?/i.test(html)) found.push('CDATA or processing instruction');
  return found;
}
