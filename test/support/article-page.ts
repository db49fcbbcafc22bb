/** Where a page puts text around its article: each part is a list of link texts (headlines, tags, menu items). */
export interface PageFurniture {
  nav?: string[];
  mostRead?: string[];
  related?: string[];
  tags?: string[];
  footer?: string[];
  sidebar?: string[];
  /** A "most read" list inside the <article> element itself, as some sites do. */
  inlineMostRead?: string[];
}

const links = (items: string[] = [], cls = '') => items.map((t, i) => `<li${cls ? ` class="${cls}"` : ''}><a href="/s/${i}">${t}</a></li>`).join('');

/** A news page as sites write them: header and navigation, the article, a sidebar with "most read" and related lists, a tag cloud, a footer. */
export function articlePage(title: string, paragraphs: string[], furniture: PageFurniture = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} | Sample News</title>
<script>window.dataLayer = ["Karabakh"];</script><style>.x{content:"Karabakh"}</style></head>
<body>
<header class="masthead"><a href="/">Sample News</a><nav class="main-menu"><ul>${links(furniture.nav)}</ul></nav></header>
<div class="page-wrap">
  <main id="content">
    <article class="story">
      <h1>${title}</h1>
      <div class="story-body">${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</div>
      ${furniture.inlineMostRead ? `<div class="most-read-inline"><h3>Most read</h3><ul>${links(furniture.inlineMostRead)}</ul></div>` : ''}
      ${furniture.tags ? `<div class="article-tags">Tags: ${furniture.tags.map((t) => `<a href="/tag/${encodeURIComponent(t)}">${t}</a>`).join(', ')}</div>` : ''}
    </article>
    ${furniture.related ? `<section class="related-stories"><h2>Related</h2><ul>${links(furniture.related)}</ul></section>` : ''}
  </main>
  <aside class="sidebar">
    ${furniture.mostRead ? `<div class="widget most-read"><h2>Most read</h2><ol>${links(furniture.mostRead)}</ol></div>` : ''}
    ${furniture.sidebar ? `<div class="widget"><ul>${links(furniture.sidebar)}</ul></div>` : ''}
  </aside>
</div>
<footer class="site-footer"><ul>${links(furniture.footer)}</ul><p>© Sample News</p></footer>
</body></html>`;
}

/** Ten plain paragraphs of an article about a council meeting, none naming Karabakh. */
export function councilParagraphs(count = 10): string[] {
  return Array.from({ length: count }, (_, i) => `In the ${i + 1}th part of the session, ministers went through the items of the agenda one by one, and officials said the talks were long but useful for all sides.`);
}
