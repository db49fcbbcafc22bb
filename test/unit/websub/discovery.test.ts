import { describe, expect, it } from 'vitest';
import { parseFeedText } from '../../../shared/domain/feed/parse-feed.js';
import { discoverWebSub, parseLinkHeader } from '../../../shared/domain/websub/discovery.js';

const FEED = 'https://site.example/feed.xml';

describe('WebSub discovery', () => {
  it.each([
    ['quoted rels, two links', '<https://hub.example/>; rel="hub", <https://site.example/feed>; rel="self"', { hub: 'https://hub.example/', self: 'https://site.example/feed' }],
    ['bare rel tokens and extra params', '<https://hub.example/h>; type="x"; rel=hub,<https://site.example/f>;rel=self', { hub: 'https://hub.example/h', self: 'https://site.example/f' }],
    ['a rel list', '<https://hub.example/>; rel="hub self"', { hub: 'https://hub.example/', self: 'https://hub.example/' }],
    ['relative URLs resolved against the feed', '</hub>; rel="hub"', { hub: 'https://site.example/hub' }],
    ['the first hub wins', '<https://a.example/>; rel="hub", <https://b.example/>; rel="hub"', { hub: 'https://a.example/' }],
    ['other rels ignored', '<https://site.example/next>; rel="next"', {}],
    ['no http(s): dropped', '<javascript:alert(1)>; rel="hub", <ftp://x.example/>; rel="self"', {}],
    ['credentials: dropped', '<https://user:pw@hub.example/>; rel="hub"', {}],
    ['absent', undefined, {}],
  ])('Link header: %s', (_name, header, expected) => {
    expect(parseLinkHeader(header, FEED)).toEqual(expected);
  });

  it('prefers the Link header over the document, each link on its own', () => {
    expect(discoverWebSub({ linkHeader: '<https://header-hub.example/>; rel="hub"', document: { hub: 'https://doc-hub.example/', self: 'https://site.example/self' }, feedUrl: FEED })).toEqual({
      hub: 'https://header-hub.example/',
      self: 'https://site.example/self',
    });
    expect(discoverWebSub({ document: { hub: 'https://doc-hub.example/' }, feedUrl: FEED })).toEqual({ hub: 'https://doc-hub.example/' });
  });

  it('ignores a hub URL too long for the feed state', () => {
    expect(discoverWebSub({ document: { hub: `https://hub.example/${'a'.repeat(400)}` }, feedUrl: FEED })).toEqual({});
  });

  it.each([
    [
      'RSS with atom:link',
      `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title><atom:link rel="hub" href="https://pubsubhubbub.appspot.com/"/><atom:link rel="self" href="https://site.example/feed.xml" type="application/rss+xml"/><item><title>a</title><guid>1</guid></item></channel></rss>`,
      { hub: 'https://pubsubhubbub.appspot.com/', self: 'https://site.example/feed.xml' },
    ],
    ['Atom', `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link rel="hub" href="https://hub.example/"/><link rel="self" href="/atom.xml"/><entry><id>1</id><title>a</title></entry></feed>`, { hub: 'https://hub.example/', self: 'https://site.example/atom.xml' }],
    ['JSON Feed hubs', JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'T', feed_url: 'https://site.example/feed.json', hubs: [{ type: 'rssCloud', url: 'https://cloud.example/' }, { type: 'WebSub', url: 'https://hub.example/' }], items: [] }), { hub: 'https://hub.example/', self: 'https://site.example/feed.json' }],
    ['no hub: no self either', `<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link rel="self" href="/atom.xml"/></feed>`, {}],
  ])('the parser records the hub and self of %s', (_name, text, expected) => {
    const { feed } = parseFeedText(text, { feedUrl: FEED });
    expect({ hub: feed.hub, self: feed.self }).toEqual({ hub: undefined, self: undefined, ...expected });
  });
});
