import { describe, expect, it } from 'vitest';
import { addressRefusal, assertPublicUrl, SsrfBlockedError, type Resolver } from '../../../shared/adapters/http/ssrf-guard.js';

describe('addressRefusal', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fd00::1',
    'fc00::1',
    'fe80::1',
    'fe80::1%eth0',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:a00:1::',
    'ff02::1',
  ])('refuses %s', (address) => {
    expect(addressRefusal(address)).toBeDefined();
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('allows public %s', (address) => {
    expect(addressRefusal(address)).toBeUndefined();
  });

  it('allows loopback only when asked', () => {
    expect(addressRefusal('127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(addressRefusal('::1', { allowLoopback: true })).toBeUndefined();
    expect(addressRefusal('10.0.0.1', { allowLoopback: true })).toBeDefined();
  });
});

describe('assertPublicUrl', () => {
  const resolveTo =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it.each([
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:7f00:1]/',
    'http://169.254.169.254/latest/meta-data/',
  ])('refuses the numeric host form %s', async (url) => {
    await expect(assertPublicUrl(url)).rejects.toMatchObject({ reason: 'address' });
  });

  it.each(['ftp://example.com/feed', 'file:///etc/passwd', 'gopher://x/', 'javascript:alert(1)'])('refuses the scheme of %s', async (url) => {
    await expect(assertPublicUrl(url)).rejects.toMatchObject({ reason: 'scheme' });
  });

  it('refuses URLs with credentials', async () => {
    await expect(assertPublicUrl('http://user:pass@example.com/')).rejects.toMatchObject({ reason: 'credentials' });
  });

  it('refuses a host that resolves to a private address, or to any private among public ones', async () => {
    await expect(assertPublicUrl('http://feeds.example/', { resolve: resolveTo('10.0.0.7') })).rejects.toBeInstanceOf(SsrfBlockedError);
    await expect(assertPublicUrl('http://feeds.example/', { resolve: resolveTo('93.184.216.34', '127.0.0.1') })).rejects.toBeInstanceOf(SsrfBlockedError);
  });

  it('returns the checked address to connect to', async () => {
    await expect(assertPublicUrl('https://feeds.example/x', { resolve: resolveTo('93.184.216.34') })).resolves.toMatchObject({ address: '93.184.216.34', family: 4 });
  });

  it('reports a host that does not resolve', async () => {
    await expect(
      assertPublicUrl('http://nowhere.example/', {
        resolve: async () => {
          throw new Error('ENOTFOUND');
        },
      }),
    ).rejects.toMatchObject({ reason: 'resolution' });
  });
});
