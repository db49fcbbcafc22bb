import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callbackToken, callbackUrl, hubSecret, isCallbackToken } from '../../../shared/domain/websub/callback-keys.js';
import { signHubBody, verifyHubSignature } from '../../../shared/domain/websub/signature.js';

const body = Buffer.from('<feed><entry><id>1</id></entry></feed>');
const secret = 'per-subscription-secret';
const hmac = (method: string, key = secret, data: Buffer = body) => createHmac(method, key).update(data).digest('hex');

describe('X-Hub-Signature', () => {
  it.each(['sha1', 'sha256', 'sha384', 'sha512'])('accepts a valid %s signature (the methods WebSub names; the hub picks one)', (method) => {
    expect(verifyHubSignature(`${method}=${hmac(method)}`, body, secret)).toEqual({ ok: true, method });
  });

  it('accepts upper-case hex as hubs may send it', () => {
    expect(verifyHubSignature(`sha256=${hmac('sha256').toUpperCase()}`, body, secret)).toMatchObject({ ok: true });
  });

  it.each([
    ['unsigned', undefined, /unsigned/],
    ['empty', '', /unsigned/],
    ['signed with another secret', `sha256=${hmac('sha256', 'other')}`, /mis-signed/],
    ['the signature of another body', `sha256=${hmac('sha256', secret, Buffer.from('other'))}`, /mis-signed/],
    ['an unknown method', `md5=${createHmac('md5', secret).update(body).digest('hex')}`, /not <sha1/],
    ['no method', hmac('sha256'), /not <sha1/],
    ['truncated hex', `sha256=${hmac('sha256').slice(0, 40)}`, /64/],
    ['a sha1-length value named sha256', `sha256=${hmac('sha1')}`, /64/],
    ['not hex', `sha256=${'z'.repeat(64)}`, /not <sha1/],
  ])('refuses %s', (_name, header, reason) => {
    const check = verifyHubSignature(header, body, secret);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toMatch(reason);
  });

  it('signs as the hub stand-in does', () => {
    expect(signHubBody(body, secret)).toBe(`sha256=${hmac('sha256')}`);
  });
});

describe('callback keys derived from the master key', () => {
  const master = 'master-key-0123456789';
  it('gives each feed its own unguessable token, checked in constant time', () => {
    const a = callbackToken(master, 'a');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(callbackToken(master, 'b')).not.toBe(a);
    expect(callbackToken('another-master', 'a')).not.toBe(a);
    expect(isCallbackToken(master, 'a', a)).toBe(true);
    expect(isCallbackToken(master, 'b', a)).toBe(false);
    expect(isCallbackToken(master, 'a', a.slice(0, -1))).toBe(false);
    expect(isCallbackToken(master, 'a', '')).toBe(false);
  });

  it('gives a new hub or topic a new secret, under WebSub\'s 200 bytes', () => {
    const s = hubSecret(master, 'a', 'https://hub.example/', 'https://site.example/feed');
    expect(Buffer.byteLength(s)).toBeLessThan(200);
    expect(hubSecret(master, 'a', 'https://other-hub.example/', 'https://site.example/feed')).not.toBe(s);
    expect(hubSecret(master, 'a', 'https://hub.example/', 'https://site.example/other')).not.toBe(s);
    expect(s).not.toBe(callbackToken(master, 'a'));
  });

  it('builds the callback URL on the public base', () => {
    expect(callbackUrl('https://api.example/prod', '/websub', master, 'a')).toBe(`https://api.example/prod/websub?feed=a&token=${callbackToken(master, 'a')}`);
  });
});
