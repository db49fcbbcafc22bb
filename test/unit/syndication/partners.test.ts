import { describe, expect, it } from 'vitest';
import { parseSecretMap } from '../../../shared/domain/secret-map.js';
import { findActivePartner, isStrongToken, PARTNER_TOKEN_RULE, partnersWithTokens, privateToken, withoutPartnerToken } from '../../../shared/domain/syndication/index.js';
import { parseAppConfig } from '../../../shared/runtime/app-config.js';

const TOKEN_A = 'Qm9ndXMtdG9rZW4tZm9yLXRlc3RzLW9ubHktQUFB';
const TOKEN_B = 'cGFydG5lci1iLXRva2VuLWZvci10ZXN0cy1vbmx5';

describe('partner tokens', () => {
  const partners = [
    { id: 'acme', token: TOKEN_A, topics: ['csto'] },
    { id: 'gone', token: TOKEN_B, topics: ['csto'], revoked: true },
  ];

  it.each([
    ['the active partner', TOKEN_A, 'acme'],
    ['nobody for a revoked token', TOKEN_B, undefined],
    ['nobody for a near miss', `${TOKEN_A.slice(0, -1)}x`, undefined],
    ['nobody for a prefix', TOKEN_A.slice(0, 10), undefined],
    ['nobody for a longer token', `${TOKEN_A}x`, undefined],
    ['nobody for empty', '', undefined],
  ])('finds %s', (_name, candidate, expected) => {
    expect(findActivePartner(partners, candidate)?.id).toBe(expected);
  });

  it.each([
    [TOKEN_A, true],
    ['0123456789abcdef0123456789abcdef', true],
    ['0123456789abcdef0123456789abcde', false],
    ['has spaces in it has spaces in it!!', false],
    ['../../../../../../../../../../../../', false],
  ])('isStrongToken(%j) is %s', (token, expected) => {
    expect(isStrongToken(token)).toBe(expected);
  });

  it.each([
    [`feeds/private/${TOKEN_A}/csto.xml`, 'feeds/private/<acme>/csto.xml'],
    [`feeds/private/${TOKEN_B}/index.html`, 'feeds/private/<token>/index.html'],
    ['feeds/csto.xml', 'feeds/csto.xml'],
  ])('logs %s as %s', (key, logged) => {
    expect(withoutPartnerToken(key, partners.filter((p) => !p.revoked))).toBe(logged);
  });

  it.each([
    ['feeds/private/abc/csto.xml', 'abc'],
    ['feeds/private/abc', 'abc'],
    ['feeds/private/', undefined],
    ['feeds/csto.xml', undefined],
  ])('privateToken(%j) = %j', (key, expected) => {
    expect(privateToken(key)).toBe(expected);
  });
});

describe('app config: syndication and partners', () => {
  const base = {
    stage: 'test',
    publicBaseUrl: 'https://news.example.org',
    email: { from: 'a@example.org' },
    feeds: [],
    topics: [{ id: 'csto', name: 'CSTO', query: 'CSTO' }],
  };

  it('accepts partners (their token inline or, as outside the local stage, in the PartnerTokens secret) and syndication settings, with defaults', () => {
    const config = parseAppConfig({ ...base, syndication: { hubUrl: 'https://hub.example.org/' }, partners: [{ id: 'acme', token: TOKEN_A, topics: ['csto'] }, { id: 'aws', topics: ['csto'], revoked: true }] });
    expect(config.syndication).toEqual({ itemsPerFeed: 50, hubUrl: 'https://hub.example.org/' });
    expect(config.partners?.map((p) => p.id)).toEqual(['acme', 'aws']);
    expect(parseAppConfig(base).partners).toBeUndefined();
  });

  it.each([
    ['a weak token', { partners: [{ id: 'acme', token: 'short', topics: ['csto'] }] }, 'partners[0].token'],
    ['an unknown topic', { partners: [{ id: 'acme', token: TOKEN_A, topics: ['nope'] }] }, 'partners[0].topics[0]'],
    ['a shared token', { partners: [{ id: 'a', token: TOKEN_A, topics: ['csto'] }, { id: 'b', token: TOKEN_A, topics: ['csto'] }] }, 'partners[1].token'],
    ['a duplicate partner id', { partners: [{ id: 'a', token: TOKEN_A, topics: ['csto'] }, { id: 'a', token: TOKEN_B, topics: ['csto'] }] }, 'partners[1].id'],
    ['the reserved topic id "all"', { topics: [{ id: 'all', name: 'All', query: 'x' }] }, 'topics[0].id'],
    ['a zero itemsPerFeed', { syndication: { itemsPerFeed: 0 } }, 'syndication.itemsPerFeed'],
  ])('rejects %s, naming the key', (_name, patch, key) => {
    expect(() => parseAppConfig({ ...base, ...patch })).toThrow(`Invalid config at ${key}`);
  });
});

describe('partners with their tokens from the PartnerTokens secret', () => {
  const tokens = (json: object) => parseSecretMap('PartnerTokens', JSON.stringify(json), { test: isStrongToken, description: PARTNER_TOKEN_RULE });

  it('pairs active partners with their tokens; revoked ones need none', () => {
    const partners = [
      { id: 'acme', topics: ['csto'] },
      { id: 'gone', topics: ['csto'], revoked: true },
    ];
    expect(partnersWithTokens(partners, tokens({ acme: TOKEN_A }))).toEqual({ partners: [{ id: 'acme', token: TOKEN_A, topics: ['csto'] }], withoutToken: [] });
  });

  it.each([
    ['no entry', {}, 'no token'],
    ['a weak token', { acme: 'short' }, `not ${PARTNER_TOKEN_RULE}`],
    ['a token that is not a string', { acme: 12 }, `not ${PARTNER_TOKEN_RULE}`],
    ['a token another partner has too', { acme: TOKEN_A, other: TOKEN_A }, 'shares its value with other'],
  ])('gives no private feeds to a partner with %s, naming why', (_name, json, reason) => {
    expect(partnersWithTokens([{ id: 'acme', topics: ['csto'] }], tokens(json))).toEqual({ partners: [], withoutToken: [{ id: 'acme', reason }] });
  });

  it.each([['not json'], ['[]'], ['"token"'], ['null']])('refuses a secret that is not a JSON object: %s', (json) => {
    expect(() => parseSecretMap('PartnerTokens', json, { test: isStrongToken, description: PARTNER_TOKEN_RULE })).toThrow(/the PartnerTokens secret is not (JSON|a JSON object)/);
  });
});
