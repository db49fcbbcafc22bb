import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

/**
 * fast-xml-parser's validator, plus the well-formedness rules it lets through (checked by hand on the raw text):
 * no characters XML 1.0 forbids, no `]]>` outside a CDATA end, no raw `<` inside an attribute value.
 */
export function expectStrictXml(xml: string): void {
  expect(XMLValidator.validate(xml, { allowBooleanAttributes: false })).toBe(true);
  // eslint-disable-next-line no-control-regex -- looking for forbidden characters
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  // Double-quoted attribute values (all this project writes): no raw `<` inside; `]]>` is legal there.
  for (const [, value] of outsideCdata.matchAll(/\s[\w:.-]+="([^"]*)"/g)) expect(value).not.toContain('<');
  const textOnly = outsideCdata.replace(/="[^"]*"/g, '=""').replace(/<[^>]*>/g, '');
  expect(textOnly).not.toContain(']]>');
  expect(textOnly).not.toContain('<');
}
