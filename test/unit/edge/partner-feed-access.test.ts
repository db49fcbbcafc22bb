/**
 * The feeds distribution's token check (infra/edge/partner-feed-access.js), run as the CloudFront Functions runtime
 * runs it (node:vm, the `cloudfront` and `crypto` modules) over a KeyValueStore of token hashes as publish-feeds
 * writes it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { edgeRequest, loadEdgeFunction, type EdgeOutcome } from '../../../infra/local/edge-function.js';
import { partnerAccessEntries } from '../../../shared/domain/syndication/partner-access.js';

const CODE = readFileSync(new URL('../../../infra/edge/partner-feed-access.js', import.meta.url), 'utf8');
const ACME = 'YWNtZS1wYXJ0bmVyLXRva2VuLWZvci10ZXN0cy0wMTIz';
const GLOBEX = 'Z2xvYmV4LXBhcnRuZXItdG9rZW4tZm9yLXRlc3RzLTAx';
const UNKNOWN = 'dW5rbm93bi1wYXJ0bmVyLXRva2VuLWZvci10ZXN0cy0w';

const entries = partnerAccessEntries(
  [
    { id: 'acme', token: ACME, topics: ['csto', 'nagorno-karabakh'] },
    { id: 'globex', token: GLOBEX, topics: [] },
  ],
  new Set(['csto', 'nagorno-karabakh', 'sahel']),
);
const check = loadEdgeFunction(CODE, (key) => entries.get(key));
const run = (uri: string) => check(edgeRequest(uri));
const rewrittenTo = (outcome: EdgeOutcome) => ('request' in outcome ? outcome.request.uri : `HTTP ${outcome.response.statusCode}`);

describe('partner feed access (CloudFront Function)', () => {
  it.each([
    [`/feeds/private/${ACME}/csto.xml`, '/feeds/csto.xml'],
    [`/feeds/private/${ACME}/nagorno-karabakh.atom`, '/feeds/nagorno-karabakh.atom'],
    [`/feeds/private/${ACME}/csto.json`, '/feeds/csto.json'],
    [`/feeds/private/${ACME}/all.xml`, '/feeds/all.xml'],
    [`/feeds/private/${GLOBEX}/all.json`, '/feeds/all.json'],
  ])('serves %s in scope from the shared object %s', async (uri, shared) => {
    expect(rewrittenTo(await run(uri))).toBe(shared);
  });

  it.each([`/feeds/private/${ACME}/index.html`, `/feeds/private/${ACME}/topics.opml`, `/feeds/private/${GLOBEX}/index.html`])('serves %s from the partner\'s own object', async (uri) => {
    expect(rewrittenTo(await run(uri))).toBe(uri);
  });

  it('serves the partner\'s index page for its folder', async () => {
    expect(rewrittenTo(await run(`/feeds/private/${ACME}/`))).toBe(`/feeds/private/${ACME}/index.html`);
  });

  it.each([
    ['a topic outside its scope', `/feeds/private/${ACME}/sahel.xml`],
    ['a topic of another partner', `/feeds/private/${GLOBEX}/csto.xml`],
    ['an unknown token', `/feeds/private/${UNKNOWN}/csto.xml`],
    ['an unknown token\'s index', `/feeds/private/${UNKNOWN}/index.html`],
    ['an unknown token\'s combined feed', `/feeds/private/${UNKNOWN}/all.xml`],
    ['a token too short to be one', '/feeds/private/short/csto.xml'],
    ['a token\'s hash in place of the token', `/feeds/private/${[...entries.keys()][0]}/csto.xml`],
    ['an unknown format', `/feeds/private/${ACME}/csto.txt`],
    ['a nested path', `/feeds/private/${ACME}/x/csto.xml`],
    ['a step up', `/feeds/private/${ACME}/../csto.xml`],
    ['a step up to another partner', `/feeds/private/${UNKNOWN}/../${ACME}/csto.xml`],
    ['an encoded slash', `/feeds/private/${ACME}%2Fcsto.xml`],
    ['an encoded step up', `/feeds/private/${ACME}/%2e%2e%2fcsto.xml`],
    ['an encoded token', `/feeds/private/${encodeURIComponent(ACME).replace('Y', '%59')}/csto.xml`],
    ['the folder without a slash', `/feeds/private/${ACME}`],
    ['the private root', '/feeds/private/'],
    ['an upper-case topic', `/feeds/private/${ACME}/CSTO.xml`],
    ['a folder that can be no token', '/feeds/private/sets/all.xml'],
  ])('answers 404 for %s, the same answer every time', async (_case, uri) => {
    const outcome = await run(uri);
    expect('response' in outcome && outcome.response).toEqual({
      statusCode: 404,
      statusDescription: 'Not Found',
      headers: { 'content-type': { value: 'text/plain; charset=utf-8' }, 'cache-control': { value: 'no-store' } },
      body: 'Not found\n',
    });
  });

  it('refuses a partner as soon as its key leaves the store', async () => {
    const held = new Map(entries);
    const live = loadEdgeFunction(CODE, (key) => held.get(key));
    expect(rewrittenTo(await live(edgeRequest(`/feeds/private/${ACME}/csto.xml`)))).toBe('/feeds/csto.xml');
    held.clear();
    expect(rewrittenTo(await live(edgeRequest(`/feeds/private/${ACME}/csto.xml`)))).toBe('HTTP 404');
  });
});
