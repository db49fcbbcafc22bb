/**
 * Parse-and-normalise throughput against bare rss-parser `parseString`, on the same decoded texts
 * (the rss-parser corpus inputs), interleaved in the same process so the ratio is fair on a busy
 * machine. Ours does more: entity repair, DOCTYPE guard, xml:base, dates, plain text, stable ids.
 */
import Parser from 'rss-parser';
import { decodeFeedBytes } from '../shared/domain/feed/decode.js';
import { parseFeed } from '../shared/domain/feed/parse-feed.js';
import { listCorpus, readCorpus } from '../test/support/corpus.js';
import type { BenchFigures, BenchOptions } from './run.js';

export default async function bench(opts: BenchOptions): Promise<BenchFigures> {
  const files = listCorpus('rss-parser', 'test', 'input');
  const inputs = files.map((f) => ({ name: f, bytes: readCorpus(f) }));
  const texts = inputs.map((i) => ({ name: i.name, text: decodeFeedBytes(i.bytes).text, bytes: i.bytes.length }));
  const totalBytes = texts.reduce((n, t) => n + t.bytes, 0);
  const rounds = opts.quick ? 1 : 5;
  opts.log(`${texts.length} rss-parser corpus files, ${(totalBytes / 1024 / 1024).toFixed(2)} MB, ${rounds} round(s) each, interleaved`);

  let oursMs = 0;
  let bareMs = 0;
  let decodeMs = 0;
  let items = 0;
  // Warm-up (JIT), not counted.
  for (const t of texts) {
    await parseFeed(t.text, { feedUrl: 'https://bench.example/feed' }).catch(() => undefined);
    await new Parser().parseString(t.text).catch(() => undefined);
  }
  for (let r = 0; r < rounds; r++) {
    for (const [k, t] of texts.entries()) {
      let start = performance.now();
      decodeFeedBytes(inputs[k]!.bytes);
      decodeMs += performance.now() - start;
      start = performance.now();
      const parsed = await parseFeed(t.text, { feedUrl: 'https://bench.example/feed' }).catch(() => undefined);
      oursMs += performance.now() - start;
      items += parsed?.items.length ?? 0;
      start = performance.now();
      await new Parser().parseString(t.text).catch(() => undefined);
      bareMs += performance.now() - start;
    }
  }
  const mb = (totalBytes * rounds) / 1024 / 1024;
  const figures = {
    files: texts.length,
    megabytes: Number(mb.toFixed(2)),
    items: items,
    oursMBps: Number((mb / (oursMs / 1000)).toFixed(2)),
    bareRssParserMBps: Number((mb / (bareMs / 1000)).toFixed(2)),
    decodeMBps: Number((mb / (decodeMs / 1000)).toFixed(2)),
    oursItemsPerSecond: Math.round(items / (oursMs / 1000)),
    ratioOursToBare: Number((oursMs / bareMs).toFixed(2)),
  };
  opts.log(`ours (decode excluded): ${figures.oursMBps} MB/s, ${figures.oursItemsPerSecond} items/s; bare rss-parser: ${figures.bareRssParserMBps} MB/s`);
  opts.log(`ratio ours/bare time: ${figures.ratioOursToBare}× (ours parses with rss-parser and then normalises); decode alone ${figures.decodeMBps} MB/s`);
  return figures;
}
