import { describe, expect, it } from 'vitest';
import { openLegacyToken } from '../../../shared/domain/legacy-signed-token.js';
import { openToken, signToken, verifyToken } from '../../../shared/domain/signed-token.js';
import { legacyToken } from '../../support/legacy-token.js';

const SECRET = 'test-secret-0123456789abcdef';
const NOW = 1_800_000_000;

const flip = (token: string, at: number) => {
  const bytes = Buffer.from(token, 'base64url');
  bytes[at]! ^= 1;
  return bytes.toString('base64url');
};

describe('sealed tokens', () => {
  const token = signToken(SECRET, { sub: 'sub-1', purpose: 'unsubscribe', exp: NOW + 60 });

  it('round-trips subject, purpose, expiry and reference', () => {
    expect(verifyToken(SECRET, token, 'unsubscribe', NOW)).toEqual({ sub: 'sub-1', purpose: 'unsubscribe', exp: NOW + 60 });
    const withRef = signToken(SECRET, { sub: 'sub-1', purpose: 'confirm', exp: NOW + 60, ref: 'change-7' });
    expect(openToken(SECRET, withRef)).toEqual({ sub: 'sub-1', purpose: 'confirm', exp: NOW + 60, ref: 'change-7' });
  });

  it('is URL-safe, one segment', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('reveals nothing of its payload to anyone without the secret', () => {
    const bytes = Buffer.from(token, 'base64url');
    for (const visible of ['sub-1', 'unsubscribe', String(NOW + 60), '{']) expect(bytes.includes(Buffer.from(visible))).toBe(false);
    // Subjects of equal length give tokens of equal length, and different subjects unrelated ones.
    const other = signToken(SECRET, { sub: 'sub-2', purpose: 'unsubscribe', exp: NOW + 60 });
    expect(other).toHaveLength(token.length);
    expect(Buffer.from(other, 'base64url').subarray(1, 13).equals(Buffer.from(token, 'base64url').subarray(1, 13))).toBe(false);
  });

  it('is a pure function of secret and payload', () => {
    expect(signToken(SECRET, { sub: 'sub-1', purpose: 'unsubscribe', exp: NOW + 60 })).toBe(token);
  });

  const bytes = Buffer.from(token, 'base64url');
  it.each([
    ['another purpose', token, 'preferences', NOW],
    ['expired exactly at exp', token, 'unsubscribe', NOW + 60],
    ['expired later', token, 'unsubscribe', NOW + 3600],
    ['a flipped version byte', flip(token, 0), 'unsubscribe', NOW],
    ['a flipped IV bit', flip(token, 3), 'unsubscribe', NOW],
    ['a flipped ciphertext bit (forged subject)', flip(token, 14), 'unsubscribe', NOW],
    ['a flipped tag bit', flip(token, bytes.length - 1), 'unsubscribe', NOW],
    ['another spelling (trailing bits)', `${token.slice(0, -1)}${String.fromCharCode(token.charCodeAt(token.length - 1) ^ 1)}`, 'unsubscribe', NOW],
    ['truncated', token.slice(0, 30), 'unsubscribe', NOW],
    ['an extra segment', `${token}.x`, 'unsubscribe', NOW],
    ['empty', '', 'unsubscribe', NOW],
    ['garbage', '!!!???', 'unsubscribe', NOW],
    ['oversized', 'a'.repeat(5000), 'unsubscribe', NOW],
    ['a version 1 token', legacyToken(SECRET, { sub: 'sub-1', purpose: 'unsubscribe', exp: NOW + 60 }), 'unsubscribe', NOW],
  ])('refuses %s', (_name, t, purpose, now) => {
    expect(verifyToken(SECRET, t, purpose, now)).toBeUndefined();
  });

  it('refuses a token sealed with another secret', () => {
    expect(verifyToken('another-secret', token, 'unsubscribe', NOW)).toBeUndefined();
  });

  it('refuses to seal with an empty secret or a non-numeric expiry', () => {
    expect(() => signToken('', { sub: 'x', purpose: 'confirm', exp: NOW })).toThrow(/secret/);
    expect(() => signToken(SECRET, { sub: 'x', purpose: 'confirm', exp: Number.NaN })).toThrow(/exp/);
  });
});

describe('version 1 tokens (still in inboxes)', () => {
  const token = legacyToken(SECRET, { sub: 'web-1', purpose: 'unsubscribe', exp: NOW + 60 });
  const [body, mac] = token.split('.') as [string, string];

  it('are read, whatever their expiry (the caller decides)', () => {
    expect(openLegacyToken(SECRET, token)).toEqual({ sub: 'web-1', purpose: 'unsubscribe', exp: NOW + 60 });
  });

  it.each([
    ['another secret', 'another-secret', token],
    ['a swapped payload', SECRET, `${Buffer.from(JSON.stringify({ sub: 'web-2', purpose: 'unsubscribe', exp: NOW + 60 })).toString('base64url')}.${mac}`],
    ['a truncated signature', SECRET, `${body}.${mac.slice(0, 10)}`],
    ['no signature', SECRET, body],
    ['a sealed token', SECRET, signToken(SECRET, { sub: 'web-1', purpose: 'unsubscribe', exp: NOW + 60 })],
  ])('are refused with %s', (_name, secret, t) => {
    expect(openLegacyToken(secret, t)).toBeUndefined();
  });
});
