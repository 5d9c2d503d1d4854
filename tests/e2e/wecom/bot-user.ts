import type { ClientFrame, FakeWeComServer } from '../../support/fake-wecom-ws.js';

export interface SeenCard {
  taskId: string;
  title: string;
  buttons: { text: string; key: string }[];
}

/**
 * One person talking to the app's intelligent bot through the fake long connection: sends text,
 * photos and card clicks as WeCom would, waits until the app has answered everything, and reads
 * back what their WeCom client would show (the reply, the card update and any pushes to them).
 */
export class WeComBotUser {
  /** The frames the last step produced for this person. */
  last: ClientFrame[] = [];

  constructor(
    private readonly server: FakeWeComServer,
    /** Resolves once the app has answered everything it received (app.wecom.idle). */
    private readonly idle: () => Promise<void>,
    readonly userid: string,
  ) {}

  say(text: string): Promise<ClientFrame[]> {
    return this.step(() => this.server.pushText(text, { from: this.userid }));
  }

  photo(jpeg: Buffer): Promise<ClientFrame[]> {
    return this.step(() => this.server.pushImage(this.server.hostFile(jpeg), { from: this.userid }));
  }

  /** Presses the button whose key starts with, or whose label contains, `keyOrLabel` on a card of the last step. */
  click(keyOrLabel: string): Promise<ClientFrame[]> {
    const { card, key } = this.button(keyOrLabel);
    return this.step(() => this.server.pushCardClick({ taskId: card.taskId, key }, { from: this.userid }));
  }

  /** Every card this person was shown in `frames`, in order. */
  cards(frames = this.last): SeenCard[] {
    return frames.flatMap((f) => {
      const card = f.body?.template_card;
      if (card?.card_type !== 'button_interaction') return [];
      return [{ taskId: card.task_id, title: card.main_title?.title ?? '', buttons: card.button_list ?? [] }];
    });
  }

  button(keyOrLabel: string, frames = this.last): { card: SeenCard; key: string } {
    for (const card of this.cards(frames).reverse()) {
      const b = card.buttons.find((x) => x.key.startsWith(keyOrLabel) || x.text.includes(keyOrLabel));
      if (b) return { card, key: b.key };
    }
    throw new Error(`no button "${keyOrLabel}" for ${this.userid} in:\n${this.text(frames)}`);
  }

  /** What the person reads: finished stream text, markdown pushes, cards as `[title] (buttons)`, images as [图片]. */
  text(frames = this.last): string {
    return frames
      .flatMap((f): string[] => {
        const b = f.body ?? {};
        const parts: string[] = [];
        if (b.stream?.finish && b.stream.content) parts.push(b.stream.content);
        if (b.msgtype === 'markdown') parts.push(b.markdown.content);
        if (b.msgtype === 'image') parts.push('[图片]');
        const card = b.template_card;
        if (card?.card_type === 'button_interaction') {
          parts.push(`[${card.main_title?.title ?? ''}] (${(card.button_list ?? []).map((x: { text: string }) => x.text).join(' | ')})`);
        }
        return parts;
      })
      .join('\n');
  }

  /** Proactive pushes (aibot_send_msg) this person received after frame index `since`. */
  pushesSince(since: number): ClientFrame[] {
    return this.server.frames.slice(since).filter((f) => f.cmd === 'aibot_send_msg' && f.body?.chatid === this.userid);
  }

  /** Images (uploaded media) among `frames`, as the bytes WeCom received. */
  images(frames = this.last): Buffer[] {
    const inline = frames.flatMap((f) =>
      (f.body?.stream?.msg_item ?? []).map((i: { image: { base64: string } }) => Buffer.from(i.image.base64, 'base64')),
    );
    const pushed = frames
      .filter((f) => f.body?.msgtype === 'image')
      .map((f) => this.server.uploads.get(f.body.image.media_id))
      .filter((x): x is Buffer => x !== undefined);
    return [...inline, ...pushed];
  }

  /**
   * Pushes one inbound frame and waits for its answer: the first reply frame tells that the app took
   * it up, idle() that the handler ran and every reply and push went out (each is acked by then).
   */
  private async step(push: () => string): Promise<ClientFrame[]> {
    const start = this.server.frames.length;
    const reqId = push();
    await this.server.nextReply(reqId, 10_000);
    await this.idle();
    this.last = this.server.frames
      .slice(start)
      .filter(
        (f) =>
          ((f.cmd?.startsWith('aibot_respond') ?? false) && f.headers.req_id === reqId) ||
          (f.cmd === 'aibot_send_msg' && f.body?.chatid === this.userid),
      );
    return this.last;
  }
}
