import { decodeFeedBytes } from './shared/domain/feed/decode.js';
import { parseFeed } from './shared/domain/feed/parse-feed.js';
import { prepareXml } from './shared/domain/feed/prepare-xml.js';
import { readCorpus } from './test/support/corpus.js';
const b = readCorpus('rss-parser/test/input/giantbomb-podcast.rss'); const d = decodeFeedBytes(b);
for (let i=0;i<3;i++){ const t1=performance.now(); prepareXml(d.text); const t2=performance.now(); await parseFeed(d.text,{feedUrl:'http://x/'}); console.log('prepare', (t2-t1).toFixed(1), 'total', (performance.now()-t2).toFixed(1)); }
const Parser = (await import('rss-parser')).default; for (let i=0;i<3;i++){ const t3=performance.now(); await new Parser().parseString(d.text); console.log('bare', (performance.now()-t3).toFixed(1)); }
