import { decodeFeedBytes } from './shared/domain/feed/decode.js';
import { parseFeed } from './shared/domain/feed/parse-feed.js';
import { readCorpus } from './test/support/corpus.js';
for (const [f, url] of [['itunes-missing-image.rss','http://taverncast.com/feed'],['heraldsun.rss','http://x/'],['itunes-href.rss','http://x/'],['gulp-atom.atom','https://github.com/gulpjs/gulp/releases.atom']]) {
  const b = readCorpus('rss-parser/test/input/' + f);
  const d = decodeFeedBytes(b);
  const p = await parseFeed(d.text, { feedUrl: url });
  const dup = p.items.filter(i => i.guid === 'http://taverncast.com/shows/geekistry-2.mp3');
  console.log(f, d.encoding, p.items.length, JSON.stringify(dup.map(i=>[i.id,i.link,i.title])), JSON.stringify(p.items[0]).slice(0, 400));
}
const t0=performance.now(); const b = readCorpus('rss-parser/test/input/giantbomb-podcast.rss'); const d = decodeFeedBytes(b); const t1=performance.now(); await parseFeed(d.text,{feedUrl:'http://x/'}); const t2=performance.now();
console.log('decode', (t1-t0).toFixed(1), 'parse', (t2-t1).toFixed(1));
const Parser = (await import('rss-parser')).default; const t3=performance.now(); await new Parser().parseString(d.text); console.log('bare', (performance.now()-t3).toFixed(1));
