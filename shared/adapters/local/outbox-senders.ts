/** The local runtime's senders: each sends through its inner adapter and keeps a copy under the data folder's outbox/. */
export { OutboxMailer } from './outbox-mailer.js';
export { OutboxTelegramClient } from './outbox-telegram.js';
export { OutboxWebhookClient } from './outbox-webhook.js';
export { OutboxFolder } from './outbox-folder.js';
