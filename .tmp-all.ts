import { decodeFeedBytes } from './shared/domain/feed/decode.js';
import { parseFeed } from './shared/domain/feed/parse-feed.js';
import { listCorpus, readCorpus } from './test/support/corpus.js';
const files = listCorpus().filter((f) => !f.endsWith('LICENSE') && !f.endsWith('README.md') && !f.includes('/output/') && !f.includes('_derived'));
let ok = 0, rej = 0;
const t0 = performance.now();
for (const f of files) {
  const bytes = readCorpus(f);
  const latin = Buffer.from(bytes).toString('latin1');
  const ct = /^Header:\s*Content-type:\s*(.*)$/im.exec(latin)?.[1]?.trim();
  const d = decodeFeedBytes(bytes, ct);
  try { const p = await parseFeed(d.text, { feedUrl: 'http://127.0.0.1:8097/' + f.replace(/^feedparser\//, ''), contentType: ct }); ok++; if (process.argv[2]==='v') console.log('OK ', f, p.items.length); }
  catch (e: any) { rej++; console.log('REJ', f, e.reason, e.message); }
}
console.log(ok, 'parsed', rej, 'rejected', files.length, (performance.now()-t0).toFixed(0), 'ms');
