import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRequest, loopbackHosts } from '../../../infra/local/loopback-guard.js';
import { hostileHost, hostileTarget } from '../../support/hostile-requests.js';

const PORT = 8780;
const hosts = loopbackHosts(PORT);
const check = (url: string, host?: string) => checkRequest({ url, headers: host === undefined ? {} : { host } }, hosts);

describe('checkRequest: what every local server checks first', () => {
  it.each([
    ['a Host that is no host', '/', '['],
    ['another name (DNS rebinding)', '/store', 'attacker.example:8780'],
    ['another port', '/', '127.0.0.1:8781'],
    ['no port', '/', '127.0.0.1'],
    ['a trailing dot', '/', 'localhost.:8780'],
    ['no Host', '/', undefined],
    ['an absolute-form target elsewhere', 'http://evil.example/', '127.0.0.1:8780'],
    ['an absolute-form target of another scheme', 'ftp://127.0.0.1:8780/', '127.0.0.1:8780'],
  ])('answers 421 to %s', (_what, url, host) => {
    expect(check(url, host)).toMatchObject({ ok: false, status: 421 });
  });

  it.each([
    ['an asterisk-form target', '*'],
    ['an authority-form target', '127.0.0.1:8780'],
    ['a target that is neither a path nor a URL', '[::1'],
  ])('answers 400 to %s', (_what, url) => {
    expect(check(url, '127.0.0.1:8780')).toMatchObject({ ok: false, status: 400 });
  });

  it('reads a target starting with // as a path on this server, never as another authority', () => {
    const result = check('//[', '127.0.0.1:8780');
    expect(result.ok && [result.url.host, result.url.pathname]).toEqual(['127.0.0.1:8780', '//[']);
    const elsewhere = check('//evil.example/x', '127.0.0.1:8780');
    expect(elsewhere.ok && [elsewhere.url.host, elsewhere.url.pathname]).toEqual(['127.0.0.1:8780', '//evil.example/x']);
  });

  it.each(['127.0.0.1:8780', 'localhost:8780', 'LocalHost:8780', '[::1]:8780'])('lets %s through, with the parsed URL', (host) => {
    const result = check('/feeds/csto.xml?x=%zz', host);
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && [result.url.pathname, result.url.search]).toEqual(['/feeds/csto.xml', '?x=%zz']);
  });

  it('takes the default port as clients write it', () => {
    expect(checkRequest({ url: '/', headers: { host: 'localhost' } }, loopbackHosts(80))).toMatchObject({ ok: true });
  });

  it('never throws, and lets through only its own loopback names, whatever the target and Host', () => {
    fc.assert(
      fc.property(hostileTarget, hostileHost(PORT), (url, host) => {
        const result = check(url, host);
        if (result.ok) expect(hosts.has(host.toLowerCase())).toBe(true);
        else expect([400, 421]).toContain(result.status);
      }),
      { numRuns: 5000 },
    );
  });
});
