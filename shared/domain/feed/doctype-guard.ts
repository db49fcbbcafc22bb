import { FeedParseError } from './feed-parse-error.js';

const MAX_DECLARED_ENTITIES = 64;
const MAX_ENTITY_LENGTH = 1024;

/**
 * Removes the DOCTYPE before reading (xml-reader.ts). We never expand a DTD's entities without limits:
 * a document that declares
 * parameter entities, external entities, or entities whose values reference other entities
 * (the billion-laughs shape) is rejected; simple literal entities (a few, short) are returned so
 * they can be substituted once, without recursion, under the document size limit (xml-references.ts).
 */
export function stripDoctype(xml: string): { xml: string; entities: Map<string, string> } {
  const entities = new Map<string, string>();
  const start = xml.search(/<!DOCTYPE/i);
  if (start < 0) return { xml, entities };
  // The DOCTYPE must precede the root element; a `<!DOCTYPE` inside content/CDATA is text.
  const firstElement = xml.search(/<[A-Za-z_]/);
  if (firstElement >= 0 && firstElement < start) return { xml, entities };

  let i = start + '<!DOCTYPE'.length;
  let subset = '';
  let quote: string | undefined;
  for (; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') {
      const close = findSubsetEnd(xml, i + 1);
      subset = xml.slice(i + 1, close);
      i = close;
    } else if (c === '>') break;
  }
  const end = Math.min(i + 1, xml.length);

  const declarations = entityDeclarations(subset);
  for (const decl of declarations) {
    const m = /^<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>$/i.exec(decl);
    const value = m ? (m[2] ?? m[3] ?? '') : undefined;
    if (!m || value === undefined || /[&%<]/.test(value) || value.length > MAX_ENTITY_LENGTH) {
      throw new FeedParseError('entity-declarations', `document declares an entity that is external, parametric or nested (${decl.slice(0, 60).replace(/\s+/g, ' ')}…); refusing to expand it`);
    }
    if (!entities.has(m[1]!)) entities.set(m[1]!, value);
  }
  return { xml: xml.slice(0, start) + xml.slice(end), entities };
}

/** Each `<!ENTITY …>` of the internal subset up to its first `>` (one scan; an unterminated one runs to the end). */
function entityDeclarations(subset: string): string[] {
  const declarations: string[] = [];
  const start = /<!ENTITY/gi;
  for (let m = start.exec(subset); m; m = start.exec(subset)) {
    if (declarations.length === MAX_DECLARED_ENTITIES) {
      throw new FeedParseError('entity-declarations', `document declares more than ${MAX_DECLARED_ENTITIES} entities; refusing to expand them`);
    }
    const end = subset.indexOf('>', m.index);
    declarations.push(subset.slice(m.index, end < 0 ? subset.length : end + 1));
    if (end < 0) break;
    start.lastIndex = end + 1;
  }
  return declarations;
}

function findSubsetEnd(xml: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ']') return i;
  }
  return xml.length;
}
