import { keepXmlChars } from '../text/xml-chars.js';
import { stripDoctype } from './doctype-guard.js';
import { demoroniseC1 } from './entities.js';

/**
 * A decoded document made ready for the XML reader: raw C1 controls read as the windows-1252 punctuation they
 * stood for, characters XML 1.0 forbids dropped (nobody means them), the BOM and the DOCTYPE removed (entity
 * declarations are refused or returned for one substitution each, see doctype-guard.ts).
 */
export function prepareXml(text: string): { xml: string; entities: Map<string, string> } {
  const { xml, entities } = stripDoctype(keepXmlChars(demoroniseC1(text)).replace(/^\uFEFF/, ''));
  return { xml: xml.trim(), entities };
}
