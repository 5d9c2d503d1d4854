import type { Logger } from 'pino';
import type { Outbound } from '../../../domain/index.js';
import { CardMemory, chosenLabel, layoutChoices } from '../cards.js';
import { loadPhoto, type PhotoSource } from '../media.js';
import type { SendCaps } from '../send-caps.js';
import { splitUtf8, withChoicesListed } from '../text.js';
import type { AppMessage, WeComApiClient } from './client.js';

/** message/send and appchat/send cap text and markdown at 2048 UTF-8 bytes. */
const APP_TEXT_MAX_BYTES = 2048;

export interface CardClick {
  taskId?: string;
  value: string;
  /** From the click event; lets the app grey out the button once. */
  responseCode?: string;
}

/** Sends handler replies through the self-built app (callback-mode replies and pushes). */
export interface AppSender {
  toUser(userid: string, messages: Outbound[]): Promise<void>;
  /** appchat only shows text: choices are listed, not clickable. */
  toAppChat(chatid: string, messages: Outbound[]): Promise<void>;
  /** Greys out the clicked card button, labelled with the chosen option. */
  acknowledgeClick(userid: string, click: CardClick): Promise<void>;
}

export function createAppSender(api: WeComApiClient, opts: { media?: PhotoSource; logger: Logger; caps?: SendCaps }): AppSender {
  const cards = new CardMemory();

  async function render(messages: Outbound[], withCards: boolean): Promise<AppMessage[]> {
    const out: AppMessage[] = [];
    const markdown = (text: string) => {
      for (const content of splitUtf8(text, APP_TEXT_MAX_BYTES)) out.push({ msgtype: 'markdown', markdown: { content } });
    };
    for (const m of messages) {
      if (m.kind === 'photo') {
        const photo = await loadPhoto(opts.media, m.mediaId, opts.logger);
        if (photo) out.push({ msgtype: 'image', image: { media_id: await api.uploadMedia('image', photo.data, photo.fileName, photo.mime) } });
        if (m.caption) markdown(m.caption);
      } else if (withCards && m.choices?.some((row) => row.length > 0)) {
        const { lead, cards: laidOut } = layoutChoices(m.text, m.choices);
        if (lead) markdown(lead);
        for (const card of laidOut) {
          cards.remember(card);
          out.push({
            msgtype: 'template_card',
            template_card: {
              card_type: 'button_interaction',
              main_title: { title: card.title },
              button_list: card.buttons.map((b) => ({ text: b.label, key: b.value })),
              task_id: card.taskId,
            },
          });
        }
      } else if (m.text.trim()) {
        markdown(withCards ? m.text : withChoicesListed(m.text, m.choices));
      }
    }
    return out;
  }

  return {
    async toUser(userid, messages) {
      for (const message of await render(messages, true)) {
        // [频率] over 30/min or 1000/h per member WeCom drops app messages while answering ok: count first.
        await opts.caps?.take('appMember', userid);
        await api.sendMessage({ touser: [userid] }, message);
      }
    },
    async toAppChat(chatid, messages) {
      for (const message of await render(messages, false)) {
        if (message.msgtype === 'template_card') continue;
        // [频率] over 200/min or 10 000/day per member, appchat messages are dropped while WeCom answers ok.
        await opts.caps?.take('appChat', chatid);
        await api.sendAppChat(chatid, message);
      }
    },
    async acknowledgeClick(userid, click) {
      if (!click.responseCode) return;
      const chosen = cards.lookup(click.taskId, click.value);
      await api.replaceCardButton([userid], click.responseCode, chosen ? chosenLabel(chosen.label) : '✅ 已选择');
    },
  };
}
