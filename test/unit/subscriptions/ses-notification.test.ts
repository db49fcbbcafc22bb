import { describe, expect, it } from 'vitest';
import { interpretSesNotification } from '../../../shared/domain/subscription/ses-notification.js';
import { bounceEvent, complaintEvent } from './fixtures.js';

const receivedAt = new Date('2026-11-20T12:00:00Z');

describe('interpretSesNotification', () => {
  it('suppresses every recipient of a permanent bounce, normalised and de-duplicated', () => {
    expect(interpretSesNotification(bounceEvent('Permanent', ['Gone@Example.org', '"Gone" <gone@example.org>', 'other@example.org']), receivedAt)).toEqual({
      kind: 'suppress',
      reason: 'bounce',
      addresses: ['gone@example.org', 'other@example.org'],
      at: '2026-11-20T11:59:00.000Z',
      detail: 'Permanent/General',
    });
  });

  it('suppresses complainers', () => {
    expect(interpretSesNotification(complaintEvent(['angry@example.org']), receivedAt)).toMatchObject({ kind: 'suppress', reason: 'complaint', addresses: ['angry@example.org'], detail: 'abuse' });
  });

  it.each([
    ['a transient bounce', bounceEvent('Transient', ['full@example.org']), 'Transient bounce'],
    ['an undetermined bounce', bounceEvent('Undetermined', ['x@example.org']), 'Undetermined bounce'],
    ['a delivery', { eventType: 'Delivery', mail: {}, delivery: { recipients: ['ok@example.org'] } }, 'Delivery event'],
    ['a bounce without details', { eventType: 'Bounce' }, 'Bounce without bounce details'],
    ['garbage recipients', bounceEvent('Permanent', ['not an address']), 'bounce without a valid recipient address'],
    ['no type', { hello: 'world' }, 'no event type'],
  ])('ignores %s', (_name, notification, why) => {
    expect(interpretSesNotification(notification, receivedAt)).toEqual({ kind: 'ignore', why });
  });

  it('reads identity notifications (notificationType) as well as configuration-set events', () => {
    const { eventType: _e, ...rest } = bounceEvent('Permanent', ['gone@example.org']);
    expect(interpretSesNotification({ notificationType: 'Bounce', ...rest }, receivedAt)).toMatchObject({ kind: 'suppress', addresses: ['gone@example.org'] });
  });

  it('tolerates unknown fields anywhere, and stamps the receipt time when SES gave none', () => {
    const n = complaintEvent(['a@example.org'], { brandNewField: { nested: [1, 2] } });
    const { timestamp: _t, ...complaint } = { ...n.complaint, arfHeaders: { x: 1 } };
    expect(interpretSesNotification({ ...n, complaint }, receivedAt)).toMatchObject({ kind: 'suppress', at: receivedAt.toISOString() });
  });

  it.each([[null], ['a string'], [[1, 2]], [{ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: 'x' } }]])('ignores malformed input %j', (raw) => {
    expect(interpretSesNotification(raw, receivedAt).kind).toBe('ignore');
  });
});
