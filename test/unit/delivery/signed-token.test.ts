import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../../../shared/domain/signed-token.js';

const SECRET = 'test-secret-0123456789abcdef';
const NOW = 1_800_000_000;

describe('signed tokens', () => {
  const token = signToken(SECRET, { sub: 'sub-1', purpose: 'unsubscribe', exp: NOW + 60 });

  it('round-trips subject, purpose and expiry', () => {
    expect(verifyToken(SECRET, token, 'unsubscribe', NOW)).toEqual({ sub: 'sub-1', purpose: 'unsubscribe', exp: NOW + 60 });
  });

  it('is URL-safe', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  const [body, mac] = token.split('.') as [string, string];
  const forgedBody = Buffer.from(JSON.stringify({ sub: 'sub-2', purpose: 'unsubscribe', exp: NOW + 60 })).toString('base64url');
  const flipped = `${mac.slice(0, 5)}${mac[5] === 'A' ? 'B' : 'A'}${mac.slice(6)}`;

  it.each([
    ['another purpose', token, 'preferences', NOW],
    ['expired exactly at exp', token, 'unsubscribe', NOW + 60],
    ['expired later', token, 'unsubscribe', NOW + 3600],
    ['payload swapped (forged subject)', `${forgedBody}.${mac}`, 'unsubscribe', NOW],
    ['signature altered', `${body}.${flipped}`, 'unsubscribe', NOW],
    ['signature in another spelling (padding bits)', `${body}.${mac.slice(0, -1)}${mac.at(-1) === 'A' ? 'B' : String.fromCharCode(mac.charCodeAt(mac.length - 1) ^ 1)}`, 'unsubscribe', NOW],
    ['signature truncated', `${body}.${mac.slice(0, 10)}`, 'unsubscribe', NOW],
    ['no signature', body, 'unsubscribe', NOW],
    ['extra segment', `${token}.x`, 'unsubscribe', NOW],
    ['empty', '', 'unsubscribe', NOW],
    ['garbage', '!!!.???', 'unsubscribe', NOW],
    ['oversized', `${'a'.repeat(5000)}.${mac}`, 'unsubscribe', NOW],
  ])('refuses %s', (_name, t, purpose, now) => {
    expect(verifyToken(SECRET, t, purpose, now)).toBeUndefined();
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyToken('another-secret', token, 'unsubscribe', NOW)).toBeUndefined();
  });

  it('refuses a well-signed payload of the wrong shape', () => {
    const t = signToken(SECRET, { sub: 'x', purpose: 'confirm', exp: NOW + 10 });
    expect(verifyToken(SECRET, t, 'confirm', NOW)?.sub).toBe('x');
    expect(() => signToken('', { sub: 'x', purpose: 'confirm', exp: NOW })).toThrow(/secret/);
  });
});
