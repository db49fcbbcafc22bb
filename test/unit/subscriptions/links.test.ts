import { describe, expect, it } from 'vitest';
import { checkLinkToken, linkToken, linkUrl } from '../../../shared/domain/subscription/links.js';
import { secretMatches } from '../../../shared/domain/subscription/secret-compare.js';
import { signToken } from '../../../shared/domain/signed-token.js';
import { legacyToken } from '../../support/legacy-token.js';

const cfg = { publicBaseUrl: 'https://news.example.org/', tokenSecret: 'k'.repeat(32), confirmTtlHours: 24, linkTtlDays: 180 };
const now = new Date('2026-11-20T10:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3600_000);

describe('signed links', () => {
  it('builds URLs under the public base', () => {
    expect(linkUrl(cfg, 'confirm', 'web-1', now)).toMatch(/^https:\/\/news\.example\.org\/confirm\?token=[A-Za-z0-9_.%-]+$/);
  });

  it('confirm links last 24 hours; preferences and unsubscribe links 180 days', () => {
    const confirm = linkToken(cfg, 'confirm', 'web-1', now);
    expect(checkLinkToken(cfg.tokenSecret, confirm, 'confirm', hours(23.9))).toMatchObject({ kind: 'valid', payload: { sub: 'web-1' } });
    expect(checkLinkToken(cfg.tokenSecret, confirm, 'confirm', hours(24))).toEqual({ kind: 'expired' });
    const unsubscribe = linkToken(cfg, 'unsubscribe', 'web-1', now);
    expect(checkLinkToken(cfg.tokenSecret, unsubscribe, 'unsubscribe', hours(179 * 24)).kind).toBe('valid');
  });

  it('a link shown on a page reached by another never outlives it', () => {
    const notAfter = Math.floor(hours(2).getTime() / 1000);
    const onward = linkToken(cfg, 'preferences', 'web-1', now, { notAfter });
    expect(checkLinkToken(cfg.tokenSecret, onward, 'preferences', hours(1.9)).kind).toBe('valid');
    expect(checkLinkToken(cfg.tokenSecret, onward, 'preferences', hours(2))).toEqual({ kind: 'expired' });
    // A later bound than its own lifetime changes nothing.
    const confirm = linkToken(cfg, 'confirm', 'web-1', now, { notAfter: 4e9 });
    expect(checkLinkToken(cfg.tokenSecret, confirm, 'confirm', hours(24))).toEqual({ kind: 'expired' });
  });

  it('carries the pending change a confirm link applies', () => {
    expect(checkLinkToken(cfg.tokenSecret, linkToken(cfg, 'confirm', 'web-1', now, { ref: 'c1' }), 'confirm', now)).toMatchObject({ kind: 'valid', payload: { sub: 'web-1', ref: 'c1' } });
  });

  it('honours version 1 unsubscribe and preferences links until they expire; a version 1 confirm link has expired', () => {
    const exp = Math.floor(hours(48).getTime() / 1000);
    for (const purpose of ['unsubscribe', 'preferences'] as const) {
      const old = legacyToken(cfg.tokenSecret, { sub: 'web-1', purpose, exp });
      expect(checkLinkToken(cfg.tokenSecret, old, purpose, hours(47))).toMatchObject({ kind: 'valid', payload: { sub: 'web-1' } });
      expect(checkLinkToken(cfg.tokenSecret, old, purpose, hours(48))).toEqual({ kind: 'expired' });
    }
    expect(checkLinkToken(cfg.tokenSecret, legacyToken(cfg.tokenSecret, { sub: 'web-1', purpose: 'confirm', exp }), 'confirm', now)).toEqual({ kind: 'expired' });
  });

  it.each([
    ['another purpose', () => linkToken(cfg, 'preferences', 'web-1', now)],
    ['another key', () => signToken('other-key', { sub: 'web-1', purpose: 'unsubscribe', exp: 2e9 })],
    ['another key, version 1', () => legacyToken('other-key', { sub: 'web-1', purpose: 'unsubscribe', exp: 2e9 })],
    ['another purpose, version 1', () => legacyToken(cfg.tokenSecret, { sub: 'web-1', purpose: 'preferences', exp: 2e9 })],
    ['a changed byte', () => {
      const bytes = Buffer.from(linkToken(cfg, 'unsubscribe', 'web-1', now), 'base64url');
      bytes[20]! ^= 1;
      return bytes.toString('base64url');
    }],
    ['garbage', () => 'not-a-token'],
    ['nothing', () => undefined],
  ])('refuses a token with %s', (_name, token) => {
    expect(checkLinkToken(cfg.tokenSecret, token(), 'unsubscribe', now)).toEqual({ kind: 'invalid' });
  });
});

describe('secretMatches', () => {
  it.each([
    ['s3cret-token', 's3cret-token', true],
    ['s3cret-tokem', 's3cret-token', false],
    ['s3cret', 's3cret-token', false],
    ['', 's3cret-token', false],
    [undefined, 's3cret-token', false],
    ['', '', false],
  ])('%j vs %j → %s', (presented, expected, result) => {
    expect(secretMatches(presented, expected)).toBe(result);
  });
});
