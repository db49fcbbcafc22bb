// CloudFront Function (cloudfront-js-2.0), viewer request of the feeds/private/* behavior. Every partner request,
// cached or not, passes here: the token's SHA-256 must be a key of the associated KeyValueStore, whose value is the
// partner's topics (space-separated). A topic feed in scope is rewritten to the shared public object, so the
// partners and the public readers share one cached copy; `all.<ext>` to the public combined feed; index.html and
// topics.opml stay the partner's own objects. Anything else (unknown token, out of scope, malformed) is the same
// 404, which never says which. publish-feeds keeps the store in sync (shared/usecases/partner-access.ts).
import cf from 'cloudfront';
import crypto from 'crypto';

var kvs = cf.kvs();
var PATH = /^\/feeds\/private\/([A-Za-z0-9_-]{32,256})\/([a-z0-9][a-z0-9-]*\.(?:xml|atom|json)|index\.html|topics\.opml)?$/;
var OWN = { 'index.html': true, 'topics.opml': true };

function notFound() {
  return { statusCode: 404, statusDescription: 'Not Found', headers: { 'content-type': { value: 'text/plain; charset=utf-8' }, 'cache-control': { value: 'no-store' } }, body: 'Not found\n' };
}

// CloudFront calls `handler`; nothing here does.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
async function handler(event) {
  var request = event.request;
  var match = PATH.exec(request.uri);
  if (!match) return notFound();
  var token = match[1];
  var name = match[2] || 'index.html';
  var topics;
  try {
    topics = await kvs.get(crypto.createHash('sha256').update(token).digest('hex'));
    // get() throws for a key the store does not hold: an unknown (or revoked) token.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
  } catch (missing) {
    return notFound();
  }
  if (OWN[name]) {
    request.uri = '/feeds/private/' + token + '/' + name;
    return request;
  }
  var dot = name.lastIndexOf('.');
  var feed = name.slice(0, dot);
  if (feed !== 'all' && (' ' + topics + ' ').indexOf(' ' + feed + ' ') < 0) return notFound();
  request.uri = '/feeds/' + name;
  return request;
}
