import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

import type { ExtractedPage } from '../../ports/page-extractor.js';

export interface ExtractionLimits {
  /** Less main text than this (characters) is a paywall stub, a cookie wall or an index page, not the article (default 400). */
  minChars: number;
  /** Elements beyond this many are refused before extraction starts (default 30,000: a long news page has 3,000–8,000). */
  maxElements: number;
  /**
   * Elements nested deeper than this are refused before extraction starts (default 200: news pages nest 20–60 deep).
   * Readability's time grows faster than the depth: 5,000 nested <div>s, 55 KB, take it seconds.
   */
  maxDepth: number;
}

export const DEFAULT_EXTRACTION_LIMITS: ExtractionLimits = { minChars: 400, maxElements: 30_000, maxDepth: 200 };

/**
 * Page furniture that is never the article, removed before Readability scores what is left: its own heuristics drop
 * most of it, but a "most read" list or a tag cloud inside the article's container would otherwise be kept.
 */
const FURNITURE = [
  'script', 'style', 'noscript', 'template', 'iframe', 'form', 'nav', 'aside', 'footer', 'menu',
  '[role="navigation"]', '[role="complementary"]', '[role="contentinfo"]', '[role="banner"]', '[role="search"]', '[aria-hidden="true"]', '[hidden]',
].join(', ');
/** Class and id words of boxes around an article: related and most-read lists, tags, sharing, newsletters, comments. */
const FURNITURE_NAME = /(?:^|[\s_-])(?:most[\s_-]?(?:read|popular|viewed)|popular|trending|related|recommended|read[\s_-]?more|more[\s_-]?stories|tags?|tag[\s_-]?cloud|topics?[\s_-]?list|keywords|share|sharing|social|newsletter|subscribe|comments?|sidebar|widget|breadcrumbs?|menu|nav(?:bar|igation)?|footer|masthead|promo|advert(?:isement)?|ads?)(?:$|[\s_-])/i;
/** Elements that hold an article's text, by markup: a box around one is never removed as furniture. */
const ARTICLE_BODY = 'article, main, [itemprop="articleBody"], [role="main"]';
const BLOCKS = new Set(['P', 'LI', 'BLOCKQUOTE', 'PRE', 'DD', 'DT', 'FIGCAPTION', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TD', 'TH']);

const collapse = (text: string) => text.replace(/\s+/gu, ' ').trim();

interface Node {
  nodeType: number;
  tagName?: string;
  textContent: string | null;
  childNodes: ArrayLike<Node>;
}

/** The little of linkedom's DOM used here (its own types are loose). */
interface Element extends Node {
  tagName: string;
  isConnected: boolean;
  getAttribute(name: string): string | null;
  parentElement: Element | null;
  closest(selector: string): Element | null;
  querySelector(selector: string): Element | null;
  remove(): void;
  setAttribute(name: string, value: string): void;
  appendChild(child: Element): void;
}
interface Document {
  body: Element | null;
  head: Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
  querySelector(selector: string): Element | null;
  createElement(name: string): Element;
}

/** Outermost block elements' text, in document order; text outside any block becomes its own paragraph. */
function paragraphsOf(root: Node, out: string[]): void {
  let loose = '';
  const flush = () => {
    const text = collapse(loose);
    if (text) out.push(text);
    loose = '';
  };
  for (const child of Array.from(root.childNodes)) {
    if (child.nodeType === 3) loose += child.textContent ?? '';
    else if (child.nodeType !== 1) continue;
    else if (BLOCKS.has(child.tagName!.toUpperCase())) {
      flush();
      const text = collapse(child.textContent ?? '');
      if (text) out.push(text);
    } else if (child.tagName!.toUpperCase() === 'BR') loose += ' ';
    else if (['DIV', 'SECTION', 'ARTICLE', 'MAIN', 'UL', 'OL', 'DL', 'TABLE', 'TBODY', 'THEAD', 'TR', 'FIGURE'].includes(child.tagName!.toUpperCase())) {
      flush();
      paragraphsOf(child, out);
    } else loose += child.textContent ?? '';
  }
  flush();
}

/**
 * The article's main text: page furniture removed (navigation, sidebars, "most read" lists, footers, tag clouds),
 * then Mozilla's Readability picks the content, which is split into paragraphs. A string in, text out, but run it
 * where time and memory are bounded (the page worker), as a page is input from anyone.
 */
export function extractArticleText(html: string, url: string, limits: ExtractionLimits = DEFAULT_EXTRACTION_LIMITS): ExtractedPage {
  const document = parseHTML(html).document as unknown as Document;
  const elements = Array.from(document.querySelectorAll('*'));
  if (elements.length > limits.maxElements) return { ok: false, reason: 'too-complex', message: `the page has ${elements.length} elements, over the ${limits.maxElements}-element limit` };
  // In document order a parent comes before its children, so each depth is its parent's plus one.
  const depths = new Map<Element, number>();
  for (const el of elements) {
    const depth = (depths.get(el.parentElement!) ?? 0) + 1;
    if (depth > limits.maxDepth) return { ok: false, reason: 'too-complex', message: `the page nests elements over ${limits.maxDepth} deep (the nesting limit)` };
    depths.set(el, depth);
  }
  for (const el of Array.from(document.querySelectorAll(FURNITURE))) el.remove();
  // A site header outside the article; an article's own header (its headline, byline) stays.
  for (const el of Array.from(document.querySelectorAll('header'))) if (!el.closest('article')) el.remove();
  const pageChars = document.body?.textContent?.length ?? 0;
  for (const el of Array.from(document.querySelectorAll('[class], [id]'))) {
    if (!el.isConnected || ['BODY', 'HTML', 'ARTICLE', 'MAIN'].includes(el.tagName.toUpperCase())) continue;
    if (!FURNITURE_NAME.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`)) continue;
    // A wrapper named for what it sits beside ("has-sidebar") that holds the article or most of the page is not furniture.
    if (el.querySelector(ARTICLE_BODY) || (el.textContent?.length ?? 0) > pageChars / 2) continue;
    el.remove();
  }
  setBaseUrl(document, url);
  const article = new Readability(document as never, { serializer: (node) => node, charThreshold: limits.minChars }).parse();
  if (!article?.content) return { ok: false, reason: 'no-article', message: 'no article text found on the page' };
  const paragraphs: string[] = [];
  paragraphsOf(article.content as unknown as Node, paragraphs);
  const title = collapse(article.title ?? '');
  const body = paragraphs.filter((p, i) => !(i === 0 && p === title));
  const chars = body.reduce((n, p) => n + p.length, 0);
  if (chars < limits.minChars) return { ok: false, reason: 'too-short', message: `only ${chars} characters of article text (under ${limits.minChars}: a paywall or consent page?)` };
  return { ok: true, paragraphs: body };
}

/** Readability resolves relative links against the document's URL; linkedom's documents have none. */
function setBaseUrl(document: Document, url: string): void {
  if (document.querySelector('base[href]') || !document.head) return;
  const base = document.createElement('base');
  base.setAttribute('href', url);
  document.head.appendChild(base);
}
