/**
 * Full text: extraction time per article page (Readability over linkedom, as the page worker runs it) on realistic
 * pages, and what full text does for topic matching on excerpt-only feeds: recall and precision over a labelled set
 * written for this bench (bench/support/full-text-set.ts), matching the excerpt alone against title + excerpt + the
 * page's extracted text. Budget (DESIGN.md): extraction of one 100 KB page ≤ 20 ms p50.
 */
import { performance } from 'node:perf_hooks';
import { parseHTML } from 'linkedom';
import { extractArticleText } from '../shared/adapters/readability/extract-article-text.js';
import { WorkerPageExtractor } from '../shared/adapters/worker-threads/worker-page-extractor.js';
import { matchWithPage } from '../shared/domain/full-text/match-with-page.js';
import { joinPageText } from '../shared/domain/full-text/page-text.js';
import { compileTopics } from '../shared/domain/topics/index.js';
import { FULL_TEXT_TOPICS, LABELLED_ARTICLES, pageOf } from './support/full-text-set.js';
import type { BenchFigures, BenchOptions } from './run.js';

const BUDGET_MS_100KB = 20;
const URL = 'https://news.example/story';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function visibleText(html: string): string {
  const { document } = parseHTML(html);
  for (const el of Array.from(document.querySelectorAll('script, style')) as Array<{ remove(): void }>) el.remove();
  return (document.body?.textContent ?? '').replace(/\s+/g, ' ');
}

export default async function bench(opts: BenchOptions): Promise<BenchFigures> {
  const figures: BenchFigures = {};
  const topics = compileTopics(FULL_TEXT_TOPICS);

  // Pages of 30 to 200 KB, as news sites serve them (most of it menus, scripts and state); and a set of 100 KB ones.
  const sizes = [30, 60, 100, 150, 200];
  const pages = LABELLED_ARTICLES.map((a, i) => pageOf(a, i, sizes[i % sizes.length]! - 6));
  const pages100 = LABELLED_ARTICLES.map((a, i) => pageOf(a, i, 100 - 14));
  const kb = (html: string) => Buffer.byteLength(html) / 1024;
  const allKb = pages.map(kb).sort((a, b) => a - b);
  opts.log(`${pages.length} pages of ${Math.round(allKb[0]!)}–${Math.round(allKb.at(-1)!)} KB (median ${Math.round(percentile(allKb, 50))} KB); 100 KB set: ${Math.round(percentile(pages100.map(kb), 50))} KB`);

  for (const html of pages) extractArticleText(html, URL); // warm-up (JIT), not counted
  const rounds = opts.quick ? 2 : 10;
  const time = (set: string[]) => {
    const ms: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const html of set) {
        const start = performance.now();
        extractArticleText(html, URL);
        ms.push(performance.now() - start);
      }
    }
    return ms.sort((a, b) => a - b);
  };
  const mixed = time(pages);
  const at100 = time(pages100);
  figures.extractMs = { p50: round(percentile(mixed, 50)), p95: round(percentile(mixed, 95)), pages: pages.length, rounds };
  figures.extract100KbMs = { p50: round(percentile(at100, 50)), p95: round(percentile(at100, 95)), withinBudget: percentile(at100, 50) <= BUDGET_MS_100KB };
  opts.log(`extraction per page (${Math.round(allKb[0]!)}–${Math.round(allKb.at(-1)!)} KB): p50 ${round(percentile(mixed, 50))} ms, p95 ${round(percentile(mixed, 95))} ms (${pages.length} pages × ${rounds})`);
  opts.log(`extraction per 100 KB page: p50 ${round(percentile(at100, 50))} ms, p95 ${round(percentile(at100, 95))} ms; budget ≤ ${BUDGET_MS_100KB} ms p50: ${percentile(at100, 50) <= BUDGET_MS_100KB ? 'met' : 'NOT met'}`);

  // Through the page worker, as poll-feed runs it: the same extraction plus the message round trip.
  const worker = new WorkerPageExtractor({ deadlineMs: 10_000 });
  try {
    await worker.extract({ html: pages[0]!, url: URL }); // the worker's start, not counted
    const viaWorker: number[] = [];
    for (const html of pages100) {
      const start = performance.now();
      await worker.extract({ html, url: URL });
      viaWorker.push(performance.now() - start);
    }
    viaWorker.sort((a, b) => a - b);
    figures.worker100KbMs = { p50: round(percentile(viaWorker, 50)), p95: round(percentile(viaWorker, 95)) };
    opts.log(`through the page worker, per 100 KB page: p50 ${round(percentile(viaWorker, 50))} ms, p95 ${round(percentile(viaWorker, 95))} ms`);
  } finally {
    await worker.close();
  }

  // Recall and precision over (article, topic) pairs: excerpt only vs. title + excerpt + extracted page text.
  const count = { excerpt: { tp: 0, fp: 0, fn: 0 }, full: { tp: 0, fp: 0, fn: 0 }, wholePage: { tp: 0, fp: 0, fn: 0 } };
  let fellBack = 0;
  const misses: string[] = [];
  LABELLED_ARTICLES.forEach((article, i) => {
    const expected = new Set(article.topics);
    const extracted = extractArticleText(pages[i]!, URL);
    if (!extracted.ok) fellBack += 1;
    const pageText = extracted.ok ? joinPageText(extracted.paragraphs).text : undefined;
    const excerptOnly = new Set(matchWithPage(topics, { title: article.title, excerpt: article.excerpt }).map((m) => m.topicId));
    const withPage = new Set(matchWithPage(topics, { title: article.title, excerpt: article.excerpt, pageText }).map((m) => m.topicId));
    // For comparison: all of the page's visible text, furniture included (what matching without extraction would see).
    const wholePage = new Set(matchWithPage(topics, { title: article.title, excerpt: article.excerpt, pageText: visibleText(pages[i]!) }).map((m) => m.topicId));
    for (const [name, got] of [['excerpt', excerptOnly], ['full', withPage], ['wholePage', wholePage]] as const) {
      for (const t of got) if (expected.has(t)) count[name].tp += 1;
      else {
        count[name].fp += 1;
        if (name === 'full') misses.push(`false match ${t}: ${article.title}`);
      }
      for (const t of expected) if (!got.has(t)) {
        count[name].fn += 1;
        if (name === 'full') misses.push(`missed ${t}: ${article.title}`);
      }
    }
  });
  const rates = (c: { tp: number; fp: number; fn: number }) => ({ recall: round(c.tp / (c.tp + c.fn), 3), precision: round(c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp), 3), ...c });
  const labelled = LABELLED_ARTICLES.reduce((n, a) => n + a.topics.length, 0);
  figures.matching = {
    articles: LABELLED_ARTICLES.length,
    labelledMatches: labelled,
    pagesWithDistractors: LABELLED_ARTICLES.filter((a) => Object.keys(a.furniture).length > 0).length,
    pagesFellBack: fellBack,
    excerptOnly: rates(count.excerpt),
    withFullText: rates(count.full),
    wholePageText: rates(count.wholePage),
  };
  const r = figures.matching as Record<'excerptOnly' | 'withFullText' | 'wholePageText', ReturnType<typeof rates>>;
  opts.log(`labelled set: ${LABELLED_ARTICLES.length} excerpt-only articles, ${labelled} labelled (article, topic) matches, ${fellBack} page(s) fell back (paywall)`);
  opts.log(`excerpt only:   recall ${r.excerptOnly.recall}, precision ${r.excerptOnly.precision} (tp ${r.excerptOnly.tp}, fp ${r.excerptOnly.fp}, fn ${r.excerptOnly.fn})`);
  opts.log(`with full text: recall ${r.withFullText.recall}, precision ${r.withFullText.precision} (tp ${r.withFullText.tp}, fp ${r.withFullText.fp}, fn ${r.withFullText.fn})`);
  opts.log(`(whole page text, furniture included: recall ${r.wholePageText.recall}, precision ${r.wholePageText.precision}, fp ${r.wholePageText.fp})`);
  for (const m of misses) opts.log(`  ${m}`);
  return figures;
}
