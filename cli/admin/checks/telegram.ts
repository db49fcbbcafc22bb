import type { Check } from '../report.js';
import type { AdminSession } from '../session.js';
import { botAccess, webhookUrl } from '../telegram-bot.js';

/** Telegram reports a webhook delivery error this recent as the webhook's current state. */
const RECENT_ERROR_SECONDS = 24 * 3600;

/** The bot token is set and Telegram accepts it (getMe); then the webhook points at the stack's URL. */
export async function telegramChecks(session: AdminSession, now: Date): Promise<Check[]> {
  const token = { id: 'telegram-token', title: 'Telegram bot token' };
  const webhook = { id: 'telegram-webhook', title: 'Telegram webhook' };
  const access = await botAccess(session);
  if (!access.ok) {
    return [
      { ...token, status: 'action', detail: access.problem, fix: access.fix },
      { ...webhook, status: 'action', detail: 'not checked: the bot token comes first', fix: 'set the bot token, then: newshound telegram set-webhook' },
    ];
  }
  const me = await access.bot.getMe();
  if (!me.ok) {
    const refused = me.status === 401 || me.status === 404;
    return [
      {
        ...token,
        status: 'action',
        detail: refused ? `Telegram refused the bot token (${me.status} ${me.description})` : `could not ask Telegram about the bot: ${me.description}`,
        fix: refused ? access.fix : 'check the network to the Bot API, then run newshound doctor again',
      },
      { ...webhook, status: 'action', detail: 'not checked: the bot token comes first', fix: 'fix the bot token, then: newshound telegram set-webhook' },
    ];
  }
  const name = me.result.username ? `@${me.result.username}` : `bot ${me.result.id}`;
  const checks: Check[] = [{ ...token, status: 'ok', detail: `Telegram accepts it: ${name}` }];
  const expected = webhookUrl(session);
  const info = await access.bot.getWebhookInfo();
  if (!info.ok) {
    checks.push({ ...webhook, status: 'action', detail: `could not read the webhook: ${info.description}`, fix: 'newshound telegram set-webhook' });
  } else if (!info.result.url) {
    checks.push({ ...webhook, status: 'action', detail: `no webhook registered: Telegram does not send the bot's messages to ${expected}`, fix: 'newshound telegram set-webhook' });
  } else if (info.result.url !== expected) {
    checks.push({ ...webhook, status: 'action', detail: `registered to ${info.result.url}, not to the stack's ${expected}`, fix: 'newshound telegram set-webhook' });
  } else {
    const { last_error_message: error, last_error_date: errorDate, pending_update_count: pending = 0 } = info.result;
    const recent = error && errorDate && now.getTime() / 1000 - errorDate < RECENT_ERROR_SECONDS ? `${new Date(errorDate * 1000).toISOString()}: ${error}` : undefined;
    // Telegram keeps reporting its last delivery error after deliveries work again; updates waiting say they do not.
    if (recent && pending > 0) {
      checks.push({
        ...webhook,
        status: 'action',
        detail: `registered, but Telegram cannot deliver: ${pending} update${pending === 1 ? '' : 's'} waiting, last failure at ${recent}`,
        fix: "newshound telegram set-webhook (registers the stack's secret token again; if the failures go on, the telegram-webhook function's logs say why)",
      });
    } else {
      checks.push({ ...webhook, status: 'ok', detail: `registered at ${expected}${recent ? ` (delivering again after a failure at ${recent})` : ''}` });
    }
  }
  return checks;
}
