/**
 * "Get alerts on Telegram instead": pick topics, and the page answers with the link that opens the bot with them
 * chosen (a plain form and a plain link, so it works without JavaScript).
 */
import type { Topic } from '../topic.js';
import { html, type SafeHtml } from './html.js';

export interface TelegramChoice {
  botUsername: string;
  chosen?: readonly string[];
  /** The deep link for `chosen`, once the form was sent. */
  link?: string;
  error?: string;
}

export function telegramSection(topics: readonly Pick<Topic, 'id' | 'name'>[], choice: TelegramChoice): SafeHtml {
  const chosen = choice.chosen ?? [];
  return html`<section class="card spaced" id="telegram" aria-labelledby="telegram-heading">
<h2 id="telegram-heading">Or get alerts on Telegram</h2>
${choice.link
  ? html`<p>Open the link in Telegram and press <strong>Start</strong>: the bot <strong>@${choice.botUsername}</strong> then sends you alerts for the topics you chose.</p>
<p><a class="button" href="${choice.link}">Open @${choice.botUsername} in Telegram</a></p>`
  : html``}
<form method="get" action="/subscribe#telegram">
<input type="hidden" name="via" value="telegram">
<fieldset${choice.error ? html` aria-describedby="telegram-error"` : html``}>
<legend>Topics for Telegram</legend>
${choice.error ? html`<p class="error" id="telegram-error">${choice.error}</p>` : html``}
${topics.map(
  (t, i) => html`<div class="choice">
<input type="checkbox" id="tg-topic-${i}" name="topics" value="${t.id}"${chosen.includes(t.id) ? html` checked` : html``}>
<div><label for="tg-topic-${i}">${t.name}</label></div>
</div>`,
)}
</fieldset>
<button type="submit">Get the Telegram link</button>
</form>
<p class="small">In the chat, <code>/topics</code> shows what you follow and <code>/stop</code> ends all alerts.</p>
</section>`;
}
