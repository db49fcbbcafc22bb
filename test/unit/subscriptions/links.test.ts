import { describe, expect, it } from 'vitest';
import { checkLinkToken, linkToken, linkUrl } from '../../../shared/domain/subscription/links.js';
import { secretMatches } from '../../../shared/domain/subscription/secret-compare.js';
import { signToken } from '../../../shared/domain/signed-token.js';

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

  it.each([
    ['another purpose', () => linkToken(cfg, 'preferences', 'web-1', now)],
    ['another key', () => signToken('other-key', { sub: 'web-1', purpose: 'unsubscribe', exp: 2e9 })],
    ['a changed subscriber', () => {
      const [body, mac] = linkToken(cfg, 'unsubscribe', 'web-1', now).split('.');
      const forged = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('web-1', 'web-2')).toString('base64url');
      return `${forged}.${mac}`;
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
