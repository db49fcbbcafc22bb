import { describe, expect, it } from 'vitest';
import { extractArticleText } from '../../../shared/adapters/readability/extract-article-text.js';
import { joinPageText } from '../../../shared/domain/full-text/page-text.js';
import { matchWithPage } from '../../../shared/domain/full-text/match-with-page.js';
import { compileTopics } from '../../../shared/domain/topics/index.js';
import { articlePage, councilParagraphs, type PageFurniture } from '../../support/article-page.js';

const topics = compileTopics([{ id: 'nagorno-karabakh', query: 'Karabakh OR Artsakh' }]);
const URL = 'https://news.example/2026/12/council';

function topicsOfPage(html: string): string[] {
  const page = extractArticleText(html, URL);
  if (!page.ok) throw new Error(`no text: ${page.message}`);
  return matchWithPage(topics, { title: 'Council meets', excerpt: 'Ministers met…', pageText: joinPageText(page.paragraphs).text }).map((m) => m.topicId);
}

describe('article text extraction', () => {
  it('yields the article paragraphs in order, without the headline, the scripts or the page furniture', () => {
    const paragraphs = councilParagraphs();
    const page = extractArticleText(articlePage('Council meets', paragraphs, { nav: ['World', 'Sport'], mostRead: ['Other story'], footer: ['About us'] }), URL);
    expect(page).toEqual({ ok: true, paragraphs });
  });

  it('finds a topic named only in the ninth paragraph', () => {
    const paragraphs = councilParagraphs();
    paragraphs[8] = 'Armenia, which froze its participation after the fighting over Nagorno Karabakh, sent nobody.';
    expect(topicsOfPage(articlePage('Council meets', paragraphs))).toEqual(['nagorno-karabakh']);
  });

  it.each<[string, PageFurniture]>([
    ['the navigation', { nav: ['World', 'Caucasus: Nagorno Karabakh', 'Sport'] }],
    ['a "most read" list in the sidebar', { mostRead: ['Ceasefire holds along the Karabakh line', 'Prices rise'] }],
    ['a "most read" list inside the article element', { inlineMostRead: ['Ceasefire holds along the Karabakh line', 'Prices rise'] }],
    ['related stories', { related: ['Karabakh refugees return home', 'Budget talks'] }],
    ['the tag cloud', { tags: ['CSTO', 'Karabakh', 'Artsakh'] }],
    ['the footer', { footer: ['About', 'Our Karabakh bureau'] }],
    ['another sidebar widget', { sidebar: ['Karabakh: the story so far'] }],
    ['all of them at once', { nav: ['Karabakh'], mostRead: ['Karabakh'], inlineMostRead: ['Karabakh'], related: ['Karabakh'], tags: ['Karabakh'], footer: ['Karabakh'], sidebar: ['Artsakh'] }],
  ])('does not match a topic named only in %s (nor in scripts and styles)', (_, furniture) => {
    expect(topicsOfPage(articlePage('Council meets', councilParagraphs(), furniture))).toEqual([]);
  });

  // Inside the article's own container, where Readability's scoring keeps them: removed by what they are or are named.
  const inside = (furniture: string) => `<html><body><article>${councilParagraphs().map((p) => `<p>${p}</p>`).join('')}${furniture}</article></body></html>`;
  it.each([
    ['a menu', '<nav><ul><li><a href="/k">Karabakh</a></li><li><a href="/a">Artsakh</a></li></ul></nav>'],
    ['a "trending" box', '<div class="trending-box"><p>Trending now: Karabakh talks resume in Geneva after a long pause in the process.</p></div>'],
    ['a keyword list', '<div class="keywords"><p>Karabakh Artsakh CSTO Armenia Azerbaijan Russia Moscow Council Ministers Budget</p></div>'],
    ['a "most read" section', '<section class="mostread"><h3>Most read</h3><p>Karabakh ceasefire holds along the line of contact for a third week running.</p></section>'],
    ['a list of popular articles', '<div id="popular-articles"><p>Karabakh ceasefire holds along the line of contact for a third week running.</p></div>'],
    ['a box marked complementary', '<div role="complementary"><p>Karabakh ceasefire holds along the line of contact for a third week running.</p></div>'],
  ])('does not match a topic named only in %s inside the article element', (_, furniture) => {
    expect(topicsOfPage(inside(furniture))).toEqual([]);
  });

  it('refuses a paywall stub: too little article text', () => {
    const page = extractArticleText(articlePage('Council meets', ['This article is for subscribers only. Subscribe to read on.'], { mostRead: ['A', 'B'] }), URL);
    expect(page).toMatchObject({ ok: false, reason: expect.stringMatching(/^(too-short|no-article)$/) });
  });

  it('refuses a page with more elements than the limit, before extracting', () => {
    const html = articlePage('Council meets', councilParagraphs(), { footer: Array.from({ length: 200 }, (_, i) => `link ${i}`) });
    expect(extractArticleText(html, URL, { minChars: 400, maxElements: 300, maxDepth: 200 })).toMatchObject({ ok: false, reason: 'too-complex', message: expect.stringContaining('300-element limit') });
  });

  it('refuses a page nested deeper than the limit, before extracting', () => {
    const html = `<html><body>${'<div>'.repeat(300)}${councilParagraphs().map((p) => `<p>${p}</p>`).join('')}${'</div>'.repeat(300)}</body></html>`;
    expect(extractArticleText(html, URL)).toMatchObject({ ok: false, reason: 'too-complex', message: 'the page nests elements over 200 deep (the nesting limit)' });
    const shallow = `<html><body>${'<div>'.repeat(150)}${councilParagraphs().map((p) => `<p>${p}</p>`).join('')}${'</div>'.repeat(150)}</body></html>`;
    expect(extractArticleText(shallow, URL)).toMatchObject({ ok: true });
  });

  it('keeps an article inside a small box named like furniture, on a page whose menus hold most of the text', () => {
    const paragraphs = councilParagraphs(4);
    const menus = `<div class="mega">${Array.from({ length: 400 }, (_, i) => `<a href="/s/${i}">Section number ${i} of the site</a>`).join(' ')}</div>`;
    const html = `<html><body>${menus}<div class="layout has-sidebar"><article>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></div></body></html>`;
    expect(extractArticleText(html, URL)).toEqual({ ok: true, paragraphs });
  });

  it('keeps an article whose wrapper is named for the sidebar beside it', () => {
    const paragraphs = councilParagraphs();
    const html = `<html><body><div class="content has-sidebar"><article>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article><div class="sidebar">Karabakh</div></div></body></html>`;
    expect(extractArticleText(html, URL)).toEqual({ ok: true, paragraphs });
  });
});
