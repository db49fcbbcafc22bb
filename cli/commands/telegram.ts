import { TARGET_USAGE } from '../admin/options.js';
import { runAdminCommand } from '../admin/session.js';
import { telegramWebhookSecret } from '../../shared/domain/subscription/telegram-webhook-secret.js';
import { ALLOWED_UPDATES, botAccess, webhookUrl } from '../admin/telegram-bot.js';

export const summary = "Register the bot's webhook with Telegram (the stack's URL and secret token)";

const usage = `Usage: newshound telegram set-webhook [options]

  set-webhook   calls Telegram's setWebhook with the stack's TelegramWebhookUrl output, the secret_token derived
                from the bot token (as the telegram-webhook function checks it) and allowed_updates
                ${JSON.stringify(ALLOWED_UPDATES)}; reads the bot token from the stage's SSM parameter. Prints no secret.

Options:
${TARGET_USAGE}`;

export function run(argv: string[]): Promise<number> {
  return runAdminCommand(
    {
      name: 'telegram',
      usage,
      options: {},
      checkPositionals: (p) => (p.length !== 1 || p[0] !== 'set-webhook' ? (p[0] ? `unknown telegram command "${p[0]}"` : 'which telegram command?') : undefined),
      async run(session) {
        const say = (ok: boolean, text: string, extra: Record<string, unknown> = {}) => {
          console.log(session.json ? JSON.stringify({ ok, message: text, ...extra }) : text);
          return ok ? 0 : 1;
        };
        const access = await botAccess(session);
        if (!access.ok) return say(false, `${access.problem}; set the token first: ${access.fix}`);
        const url = webhookUrl(session);
        const set = await access.bot.setWebhook({ url, secretToken: telegramWebhookSecret(access.token), allowedUpdates: ALLOWED_UPDATES });
        if (!set.ok) {
          const fix = set.status === 401 || set.status === 404 ? ` (Telegram refused the bot token; set the right one: ${access.fix})` : '';
          return say(false, `Telegram refused setWebhook: ${set.status} ${set.description}${fix}`);
        }
        const info = await access.bot.getWebhookInfo();
        if (!info.ok || info.result.url !== url) return say(false, `setWebhook answered ok, but Telegram reports the webhook as ${info.ok ? info.result.url || '(none)' : info.description}`);
        return say(true, `registered ${url} with the stack's secret token (updates: ${ALLOWED_UPDATES.join(', ')})`, { url, allowedUpdates: ALLOWED_UPDATES });
      },
    },
    argv,
  );
}
