import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LocalSecrets {
  /** HMAC key for unsubscribe / preferences / confirmation tokens. */
  tokenSecret: string;
  /** HMAC key for webhook signatures. */
  webhookSecret: string;
  /** Secret token Telegram sends with bot webhook updates. */
  telegramWebhookSecret: string;
  /** Bot token used against the local stand-in (or the real Bot API when NEWSHOUND_TELEGRAM_BOT_TOKEN is set). */
  telegramBotToken: string;
}

/** Random secrets generated once per data folder (in AWS they live in Secrets Manager). */
export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    tokenSecret: randomBytes(32).toString('base64url'),
    webhookSecret: randomBytes(32).toString('base64url'),
    telegramWebhookSecret: randomBytes(24).toString('base64url'),
    telegramBotToken: `100000:${randomBytes(18).toString('base64url')}`,
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
