import { describe, expect, it } from 'vitest';
import { mailingList } from '../../../shared/domain/delivery/mailing-list.js';

const site = { publicBaseUrl: 'https://News.Example.org:8443/base/', stage: 'prod', fromName: 'newshound' };
const csto = { id: 'csto', name: 'CSTO' };
const karabakh = { id: 'nagorno-karabakh', name: 'Nagorno-Karabakh' };

describe('mailingList (RFC 2919 List-Id)', () => {
  it('is one list per topic, named after it, under the stage and the public host', () => {
    expect(mailingList(site, [csto])).toEqual({ id: 'csto.prod.news.example.org', name: 'newshound: CSTO' });
    expect(mailingList(site, [karabakh])).toEqual({ id: 'nagorno-karabakh.prod.news.example.org', name: 'newshound: Nagorno-Karabakh' });
  });

  it('is the one combined list for a message of several topics, whatever their order', () => {
    const all = { id: 'all.prod.news.example.org', name: 'newshound: all topics' };
    expect(mailingList(site, [csto, karabakh])).toEqual(all);
    expect(mailingList(site, [karabakh, csto, csto])).toEqual(all);
    expect(mailingList(site, [csto, csto])).toEqual({ id: 'csto.prod.news.example.org', name: 'newshound: CSTO' });
  });

  it('differs between stages of the same host', () => {
    expect(mailingList({ ...site, stage: 'staging' }, [csto]).id).toBe('csto.staging.news.example.org');
  });

  it('keeps an IPv4 host and falls back to "localhost" (RFC 2919 section 3) for a host that is no dot-atom', () => {
    expect(mailingList({ ...site, publicBaseUrl: 'http://127.0.0.1:8080' }, [csto]).id).toBe('csto.prod.127.0.0.1');
    expect(mailingList({ ...site, publicBaseUrl: 'http://[::1]:8080/' }, [csto]).id).toBe('csto.prod.localhost');
    expect(mailingList({ ...site, publicBaseUrl: 'http://localhost:3000' }, [csto]).id).toBe('csto.prod.localhost');
  });

  it('names the list with the configured sender name', () => {
    expect(mailingList({ ...site, fromName: 'Дежурный "ОДКБ"' }, [csto]).name).toBe('Дежурный "ОДКБ": CSTO');
  });
});
