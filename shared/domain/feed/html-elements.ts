/** HTML elements, current and obsolete, that feeds put in their text (plus the dropped ones of strip-markup.ts). */
const ELEMENTS = new Set(
  (
    'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote body br button ' +
    'canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset ' +
    'figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins ' +
    'kbd keygen label legend li link main map mark marquee math menu meta meter nav nobr noembed noframes noscript object ol ' +
    'optgroup option output p param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section select ' +
    'slot small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time ' +
    'title tr track tt u ul var video wbr xmp'
  ).split(' '),
);

/**
 * Whether a tag name is HTML markup rather than text that looks like a tag (`std::vector<int>`, `x<y and y>z`).
 * Namespaced (`o:p`) and custom (`my-widget`) elements count as markup.
 */
export function isKnownElement(name: string): boolean {
  return ELEMENTS.has(name) || name.includes(':') || name.includes('-');
}
