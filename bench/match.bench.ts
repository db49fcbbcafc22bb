/**
 * Topic matching: 5 KB articles against 1,000 / 10,000 / 100,000 generated topics.
 * Budgets (DESIGN.md): p50 ≤ 1 ms per article at 10,000 topics; 100,000 topics ≤ 3× the 1,000-topic
 * time; compiling 10,000 topics ≤ 50 ms. The naive reference matcher runs in the same process, on the
 * same articles, at 1,000 and 10,000 topics, for the ratio.
 *
 * Generated data: articles are mostly common words (Zipf over 20,000 words) with about 3 % names;
 * topics are about names (a space of 200,000), some combined with common words, phrases, prefixes,
 * exclusions and field scopes. So, as with real topics, an article mentions few of the topics' names.
 */
import type { BenchFigures, BenchOptions } from './run.js';
import { analyseArticle, compileTopics, matchArticle, referenceMatch, type CompiledTopics, type MatchableArticle } from '../shared/domain/topics/index.js';
import { candidateTopics } from '../shared/domain/topics/match-article.js';
import { IndexedArticle } from '../shared/domain/topics/indexed-article.js';
import { mulberry32 } from '../test/support/seeded-random.js';
import { percentile, zipfSampler } from './support/stats.js';

const COMMON_WORDS = 20_000;
const NAMES = 200_000;
const ARTICLE_BYTES = 5 * 1024;

export default async function bench(opts: BenchOptions): Promise<BenchFigures> {
  const sizes = opts.quick ? [200, 2_000, 20_000] : [1_000, 10_000, 100_000];
  const referenceSizes = sizes.slice(0, 2);
  const random = mulberry32(42);
  const common = Array.from({ length: COMMON_WORDS }, (_, i) => word(i, COMMON_SYLLABLES));
  const zipf = zipfSampler(COMMON_WORDS, random);
  const articles = Array.from({ length: opts.quick ? 40 : 300 }, () => makeArticle(common, zipf, random));
  const referenceArticles = articles.slice(0, opts.quick ? 5 : 20);
  const avgBytes = Math.round(articles.reduce((n, a) => n + Buffer.byteLength(a.title + a.text), 0) / articles.length);
  opts.log(`${articles.length} articles of ~${avgBytes} bytes; topic counts ${sizes.join(', ')}`);

  const figures: BenchFigures = { articleBytes: avgBytes };
  const p50s: number[] = [];
  for (const size of sizes) {
    const topics = makeTopics(size, common, mulberry32(size));
    // The first compile in a process is what a cold start pays; later ones run JIT-compiled code.
    const compileColdMs = time(() => compileTopics(topics));
    const runs = Array.from({ length: size >= 100_000 ? 2 : 5 }, () => timeWithCpu(() => compileTopics(topics)));
    const compileMs = median(runs.map((r) => r.wallMs));
    // CPU time of this process: on a shared machine, wall time also counts waiting for a core.
    const compileCpuMs = median(runs.map((r) => r.cpuMs));
    const compiled = compileTopics(topics);
    // Warm-up pass: JIT, and each candidate topic parses its query on first use (once per process).
    for (const a of articles) matchArticle(compiled, a);
    const samples: number[] = [];
    let matches = 0;
    for (let pass = 0; pass < 3; pass++) {
      for (const a of articles) {
        const t0 = performance.now();
        matches += matchArticle(compiled, a).length;
        samples.push(performance.now() - t0);
      }
    }
    const candidates = articles.reduce((n, a) => n + candidateTopics(compiled, new IndexedArticle(analyseArticle(a))).length, 0) / articles.length;
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    p50s.push(p50);
    const row: Record<string, number> = {
      compileMs: round(compileMs),
      compileFirstMs: round(compileColdMs),
      compileCpuMs: round(compileCpuMs),
      p50Ms: round(p50),
      p99Ms: round(p99),
      candidatesPerArticle: round(candidates),
      matchesPerArticle: round(matches / samples.length),
    };
    let line = `${String(size).padStart(7)} topics: compile ${fmt(compileMs)} ms (cpu ${fmt(compileCpuMs)} ms, first ${fmt(compileColdMs)} ms) | p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms per article | ${fmt(candidates)} candidates, ${fmt(matches / samples.length)} matches per article`;
    if (referenceSizes.includes(size)) {
      const { indexMs, referenceMs } = compareWithReference(compiled, referenceArticles);
      row.referenceMsPerArticle = round(referenceMs);
      row.referenceRatio = round(referenceMs / indexMs);
      line += ` | naive reference ${fmt(referenceMs)} ms per article (${fmt(referenceMs / indexMs)}× slower)`;
    }
    figures[`topics${size}`] = row;
    opts.log(line);
  }
  const growth = p50s[2]! / p50s[0]!;
  const compile10k = (figures[`topics${sizes[1]}`] as Record<string, number>).compileMs!;
  figures.growthLargestVsSmallest = round(growth);
  figures.budgets = opts.quick
    ? 'quick run: sizes too small to judge the budgets'
    : { p50At10kMaxMs1: p50s[1]! <= 1, growth100kVs1kMax3: growth <= 3, compile10kMaxMs50: compile10k <= 50 };
  opts.log(`p50 at ${sizes[2]} topics is ${fmt(growth)}× the p50 at ${sizes[0]} topics${opts.quick ? '' : ` | budgets: ${JSON.stringify(figures.budgets)}`}`);
  return figures;
}

/** Both matchers on the same articles, interleaved, per-article mean in ms. */
function compareWithReference(compiled: CompiledTopics, articles: MatchableArticle[]) {
  let indexMs = 0;
  let referenceMs = 0;
  for (const a of articles) {
    indexMs += time(() => matchArticle(compiled, a));
    referenceMs += time(() => {
      const doc = analyseArticle(a);
      for (const topic of compiled.topics) referenceMatch(topic.ast, doc);
    });
  }
  return { indexMs: indexMs / articles.length, referenceMs: referenceMs / articles.length };
}

const COMMON_SYLLABLES = ['ka', 'lo', 'mi', 're', 'tu', 'sa', 'ne', 'po', 'di', 'ga', 've', 'ri', 'mo', 'la', 'te', 'bu'];
const NAME_SYLLABLES = ['zar', 'vok', 'qel', 'dran', 'yus', 'kheb', 'wim', 'oth', 'jex', 'fyr', 'pla', 'ung', 'stre', 'cai', 'bho', 'nix', 'ryd', 'gwe', 'ilt', 'mau'];

/** The i-th word of a syllable alphabet: distinct for distinct i. */
function word(i: number, syllables: string[]): string {
  let n = i + syllables.length;
  let out = '';
  while (n > 0) {
    out += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  }
  return out;
}

const nameOf = (i: number) => {
  const w = word(i, NAME_SYLLABLES);
  return w[0]!.toUpperCase() + w.slice(1);
};

function makeArticle(common: string[], zipf: () => number, random: () => number): MatchableArticle {
  const pick = () => (random() < 0.03 ? nameOf(Math.floor(random() * NAMES)) : common[zipf()]!);
  const sentence = (n: number) => Array.from({ length: n }, pick).join(' ');
  const title = sentence(8);
  let text = '';
  while (Buffer.byteLength(title + text) < ARTICLE_BYTES) text += `${sentence(6 + Math.floor(random() * 12))}. `;
  return { title, text };
}

function makeTopics(count: number, common: string[], random: () => number) {
  const name = () => nameOf(Math.floor(random() * NAMES));
  const mid = () => common[100 + Math.floor(random() * 4_900)]!;
  const shapes = [
    () => name(),
    () => name(),
    () => `${name()} OR ${name()} OR "${name()} ${name()}"`,
    () => `"${name()} ${name()}" -${mid()}`,
    () => `${name()}* ${mid()}`,
    () => `(${name()} OR ${name()}) (${mid()} OR ${mid()})`,
    () => `title:${name()} text:${mid()}`,
    () => `${name()}-${name()} NOT (${mid()} OR "${mid()} ${mid()}")`,
  ];
  return Array.from({ length: count }, (_, i) => ({ id: `topic-${String(i).padStart(6, '0')}`, query: shapes[i % shapes.length]!() }));
}



function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function timeWithCpu(fn: () => unknown): { wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const wallMs = time(fn);
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}


function median(values: number[]): number {
  return percentile(values, 50);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3));
