import { stripDoctype } from './doctype-guard.js';
import { demoroniseC1, repairEntities } from './entities.js';

/** Elements whose XHTML (or Atom 0.3 mode="xml") content we want as one markup string, not an element tree. */
const MARKUP_CONSTRUCT = /<((?:[A-Za-z_][\w.-]*:)?(?:title|subtitle|tagline|summary|content|rights|copyright|info))(\s[^>]*?\b(?:type\s*=\s*["'](?:xhtml|application\/xhtml\+xml)["']|mode\s*=\s*["']xml["'])[^>]*?)>([\s\S]*?)<\/\1\s*>/g;
const XHTML_BODY = /<((?:[A-Za-z_][\w.-]*:)?body)(\s[^>]*)?>([\s\S]*?)<\/\1\s*>/g;

function asCdata(markup: string): string {
  return `<![CDATA[${markup.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`;
}

/**
 * Turns a decoded document into one a strict XML parser reads as the author meant:
 * the XML declaration goes (the text is already decoded), the DOCTYPE goes (entity declarations
 * are refused or substituted once, see doctype-guard), inline XHTML becomes a markup string
 * (xml2js would lose the order of mixed content), and entities are repaired (see entities.ts).
 */
export function prepareXml(text: string): string {
  const withoutDecl = demoroniseC1(text).replace(/^\uFEFF/, '').replace(/<\?xml[^>]*\?>/, '');
  const { xml, entities } = stripDoctype(withoutDecl);
  const wrapped = xml
    .replace(MARKUP_CONSTRUCT, (_m, name: string, attrs: string, inner: string) => `<${name}${attrs}>${asCdata(inner)}</${name}>`)
    .replace(XHTML_BODY, (m, name: string, attrs: string | undefined, inner: string) =>
      name.includes(':') || /xhtml/i.test(attrs ?? '') ? `<${name}${attrs ?? ''}>${asCdata(inner)}</${name}>` : m,
    );
  return repairEntities(wrapped, entities).trim();
}
