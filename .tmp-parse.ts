import { readFileSync } from 'node:fs';
import { decodeFeedBytes } from './shared/domain/feed/decode.js';
import { parseFeed } from './shared/domain/feed/parse-feed.js';
const f = process.argv[2]!;
const d = decodeFeedBytes(readFileSync(f));
parseFeed(d.text, { feedUrl: 'http://127.0.0.1:8097/x.xml' }).then((r) => console.log(JSON.stringify({ ...r, items: r.items.slice(0, 3) }, null, 1)), (e) => console.log('ERR', e.reason, e.message));
