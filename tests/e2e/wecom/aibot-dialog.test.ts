import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Inbound, Outbound } from '../../../domain/index.js';
import { createAiBotAdapter, type AiBotAdapter } from '../../../bot/wecom/index.js';
import { FakeWeComServer, type ClientFrame } from '../../support/fake-wecom-ws.js';

let server: FakeWeComServer;
let bot: AiBotAdapter | undefined;

beforeEach(async () => {
  server = await FakeWeComServer.start();
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await server.stop();
});

async function connect(handle: (inbound: Inbound) => Promise<Outbound[]>, opts: number | { cardLink?: string } = 5_000) {
  const thinkingAfterMs = typeof opts === 'number' ? opts : 5_000;
  const handler = { handle: vi.fn(handle) };
  bot = createAiBotAdapter({
    cardLink: typeof opts === 'number' ? undefined : opts.cardLink,
    mediaOrigins: [server.mediaOrigin],
    botId: 'bot-test',
    secret: server.secret,
    wsUrl: server.url,
    handler,
    logger: pino({ level: 'silent' }),
    thinking: { afterMs: thinkingAfterMs, text: '正在处理…' },
  });
  bot.start();
  await server.waitForAuth();
  return handler;
}

const isUpdate = (f: ClientFrame) => f.cmd === 'aibot_respond_update_msg';

describe('a hazard report over the intelligent bot, end to end', () => {
  it('asks with buttons, confirms the press on the card, then takes a photo', async () => {
    const photo = Buffer.from('\xff\xd8\xff\xe0 fake jpeg bytes \xff\xd9', 'latin1');
    const handler = await connect(async (inbound) => {
      switch (inbound.kind) {
        case 'text':
          return [{ kind: 'text', text: '请选择隐患类别', choices: [[{ label: '消防', value: 'cat:fire' }, { label: '用电', value: 'cat:power' }]] }];
        case 'choice':
          // The card must already be updated: WeCom only accepts the update within 5 s of the click.
          await server.nextFrame(isUpdate, 1000);
          return [{ kind: 'text', text: `已选择 ${inbound.value}，请发送现场照片` }];
        case 'photo': {
          const bytes = await inbound.media[0]!.download();
          return [{ kind: 'text', text: `已收到 ${bytes.length} 字节的照片，感谢上报` }];
        }
        default:
          return [];
      }
    });

    const ask = server.pushText('我要上报隐患');
    const cardReply = await server.nextReply(ask);
    expect(cardReply.body.msgtype).toBe('template_card');
    const card = cardReply.body.template_card;
    expect(card).toMatchObject({ card_type: 'button_interaction', main_title: { title: '请选择隐患类别' } });
    expect(card.button_list.map((b: { key: string }) => b.key)).toEqual(['cat:fire', 'cat:power']);

    server.pushCardClick({ taskId: card.task_id, key: 'cat:fire' });
    const pushed = await server.nextSend();
    expect(pushed.body).toEqual({ chatid: 'zhangsan', msgtype: 'markdown', markdown: { content: '已选择 cat:fire，请发送现场照片' } });
    expect(handler.handle).toHaveBeenCalledWith({ chat: 'wecombot:zhangsan', kind: 'choice', value: 'cat:fire' });

    const send = server.pushImage(server.hostFile(photo));
    const final = await server.nextReply(send);
    expect(final.body.stream).toMatchObject({ finish: true, content: `已收到 ${photo.length} 字节的照片，感谢上报` });
  });

  it('shows the chosen option on the card with an update the strict server accepts, and ignores a press on it', async () => {
    const handler = await connect(async (inbound) =>
      inbound.kind === 'text' ? [{ kind: 'text', text: '是否紧急？', choices: [[{ label: '紧急', value: 'urgent' }, { label: '不紧急', value: 'normal' }]] }] : [],
    );
    const card = (await server.nextReply(server.pushText('x'))).body.template_card;
    const click = server.pushCardClick({ taskId: card.task_id, key: 'urgent' });
    const update = await server.nextReply(click);
    expect(update.cmd).toBe('aibot_respond_update_msg');
    expect(update.body.response_type).toBe('update_template_card');
    expect(update.body.template_card).toEqual({
      card_type: 'button_interaction',
      main_title: { title: '是否紧急？' },
      button_list: [{ text: '✅ 紧急', key: 'chosen', style: 2 }],
      task_id: card.task_id,
    });
    await bot!.idle();
    expect(server.refused).toEqual([]);
    server.pushCardClick({ taskId: card.task_id, key: 'chosen' });
    await new Promise((r) => setTimeout(r, 100));
    await bot!.idle();
    expect(handler.handle).toHaveBeenCalledTimes(2);
  });

  it('with a dashboard link, turns the clicked card into a text_notice that carries the required card_action', async () => {
    await connect(
      async (inbound) => (inbound.kind === 'text' ? [{ kind: 'text', text: '是否紧急？', choices: [[{ label: '紧急', value: 'urgent' }]] }] : []),
      { cardLink: 'https://zz.example/dashboard' },
    );
    const card = (await server.nextReply(server.pushText('x'))).body.template_card;
    const update = await server.nextReply(server.pushCardClick({ taskId: card.task_id, key: 'urgent' }));
    expect(update.body.template_card).toEqual({
      card_type: 'text_notice',
      main_title: { title: '是否紧急？' },
      sub_title_text: '✅ 紧急',
      card_action: { type: 1, url: 'https://zz.example/dashboard' },
      task_id: card.task_id,
    });
    await bot!.idle();
    expect(server.refused).toEqual([]);
  });

  it('puts a long question and the rest of a reply in one finished stream, the card right after it', async () => {
    const question = '已记录：仓库东侧消防通道被货物堵塞。\n请问现场是否有人员被困？';
    await connect(async () => [
      { kind: 'text', text: '感谢上报。' },
      { kind: 'text', text: question, choices: [[{ label: '有', value: 'yes' }], [{ label: '没有', value: 'no' }]] },
    ]);
    const reply = await server.nextReply(server.pushText('消防通道堵了'));
    // [长连接] no stream + template card: the stream finishes alone, the card follows as a push.
    expect(reply.body.msgtype).toBe('stream');
    expect(reply.body.stream).toMatchObject({ finish: true, content: `感谢上报。\n\n${question}` });
    const card = (await server.nextSend()).body.template_card;
    expect(card.main_title.title).toBe('请问现场是否有人员被困？');
    expect(card.button_list).toHaveLength(2);
    await bot!.idle();
    expect(server.refused).toEqual([]);
    expect(server.unfinishedStreams()).toEqual([]);
  });
});

describe('what users send', () => {
  it('takes a group message addressed to the bot without the @mention', async () => {
    const handler = await connect(async () => [{ kind: 'text', text: '收到' }]);
    const req = server.pushText('@安全助手 路灯坏了', { chatid: 'wrGROUP1', from: 'lisi' });
    await server.nextReply(req);
    expect(handler.handle).toHaveBeenCalledWith({ chat: 'wecomgroup:wrGROUP1', kind: 'text', text: '路灯坏了' });
  });

  it('turns text and pictures sent together into photos with a caption', async () => {
    const a = server.hostFile(Buffer.from('first picture'));
    const b = server.hostFile(Buffer.from('second picture'));
    let downloaded: string[] = [];
    const handler = await connect(async (inbound) => {
      if (inbound.kind === 'photo') downloaded = await Promise.all(inbound.media.map(async (m) => Buffer.from(await m.download()).toString()));
      return [{ kind: 'text', text: 'ok' }];
    });
    const req = server.pushMessage({
      msgtype: 'mixed',
      mixed: {
        msg_item: [
          { msgtype: 'text', text: { content: '配电箱没有盖板' } },
          { msgtype: 'image', image: a },
          { msgtype: 'image', image: b },
        ],
      },
    });
    await server.nextReply(req);
    expect(handler.handle.mock.calls[0]![0]).toMatchObject({ chat: 'wecombot:zhangsan', kind: 'photo', caption: '配电箱没有盖板' });
    expect(downloaded).toEqual(['first picture', 'second picture']);
  });

  it('reads voice as its transcription and says files and videos are unsupported', async () => {
    const handler = await connect(async () => [{ kind: 'text', text: 'ok' }]);
    await server.nextReply(server.pushMessage({ msgtype: 'voice', voice: { content: '二楼楼梯间灭火器过期了' } }));
    await server.nextReply(server.pushMessage({ msgtype: 'file', file: { url: 'http://127.0.0.1:1/f', aeskey: 'x' } }));
    await server.nextReply(server.pushMessage({ msgtype: 'video', video: { url: 'http://127.0.0.1:1/v', aeskey: 'x' } }));
    expect(handler.handle.mock.calls.map((c) => c[0])).toEqual([
      { chat: 'wecombot:zhangsan', kind: 'text', text: '二楼楼梯间灭火器过期了' },
      { chat: 'wecombot:zhangsan', kind: 'unsupported', what: 'file' },
      { chat: 'wecombot:zhangsan', kind: 'unsupported', what: 'video' },
    ]);
  });

  it('reads /commands as commands', async () => {
    const handler = await connect(async () => [{ kind: 'text', text: 'ok' }]);
    await server.nextReply(server.pushText('/help 上报'));
    expect(handler.handle).toHaveBeenCalledWith({ chat: 'wecombot:zhangsan', kind: 'command', command: 'help', args: '上报' });
  });

  it('handles one chat\'s messages in order, so a quick second message waits for the first', async () => {
    const events: string[] = [];
    await connect(async (inbound) => {
      const text = inbound.kind === 'text' ? inbound.text : '';
      events.push(`start ${text}`);
      await new Promise((r) => setTimeout(r, text === '第一条' ? 150 : 0));
      events.push(`end ${text}`);
      return [{ kind: 'text', text: `回复${text}` }];
    });
    const first = server.pushText('第一条');
    const second = server.pushText('第二条');
    await server.nextReply(second);
    await server.nextReply(first);
    expect(events).toEqual(['start 第一条', 'end 第一条', 'start 第二条', 'end 第二条']);
  });

  it('answers a message WeCom delivers twice only once', async () => {
    const handler = await connect(async () => [{ kind: 'text', text: 'ok' }]);
    server.pushText('重复', { msgid: 'dup-1' });
    const second = server.pushText('重复', { msgid: 'dup-1' });
    await server.nextReply();
    await expect(server.nextReply(second, 300)).rejects.toThrow(/no matching client frame/);
    expect(handler.handle).toHaveBeenCalledOnce();
  });
});

describe('how replies are streamed', () => {
  it('shows a working note while a slow handler thinks, then finishes the same stream', async () => {
    await connect(async () => {
      await new Promise((r) => setTimeout(r, 200));
      return [{ kind: 'text', text: '依据《安全生产法》第四十一条……' }];
    }, 50);
    const req = server.pushText('这个要罚款吗？');
    const first = await server.nextReply(req);
    const last = await server.nextReply(req);
    expect(first.body.stream).toMatchObject({ finish: false, content: '正在处理…' });
    expect(last.body.stream).toMatchObject({ id: first.body.stream.id, finish: true, content: '依据《安全生产法》第四十一条……' });
  });

  it('splits a text over the 20480-byte stream limit and sends the rest afterwards', async () => {
    const paragraph = '安全生产责任制必须落实到每一个岗位。'.repeat(20); // 1080 bytes
    const text = Array.from({ length: 30 }, () => paragraph).join('\n');
    await connect(async () => [{ kind: 'text', text }]);
    const reply = await server.nextReply(server.pushText('发我全文'));
    const rest = await server.nextSend();
    const streamed = reply.body.stream.content as string;
    expect(reply.body.stream.finish).toBe(true);
    expect(Buffer.byteLength(streamed)).toBeLessThanOrEqual(20480);
    expect(rest.body.msgtype).toBe('markdown');
    expect(`${streamed}\n${rest.body.markdown.content}`).toBe(text);
  });

  it('never leaves a stream unfinished: a refused final chunk is replaced by a plain one and the text follows separately', async () => {
    await connect(async () => {
      await new Promise((r) => setTimeout(r, 120));
      return [{ kind: 'text', text: '整改期限：2026年7月1日' }];
    }, 30);
    let refusedOnce = false;
    server.ackErrcode = (f) => {
      if (f.cmd !== 'aibot_respond_msg' || !f.body?.stream?.finish || refusedOnce) return 0;
      refusedOnce = true;
      return 40058;
    };
    const req = server.pushText('期限是哪天？');
    expect((await server.nextReply(req)).body.stream).toMatchObject({ finish: false, content: '正在处理…' });
    await server.nextReply(req); // the refused final chunk
    expect((await server.nextReply(req)).body.stream).toMatchObject({ finish: true, content: '✓' });
    expect((await server.nextSend()).body.markdown.content).toBe('整改期限：2026年7月1日');
    await bot!.idle();
    expect(server.unfinishedStreams()).toEqual([]);
  });

  it('still finishes the reply when the handler fails', async () => {
    await connect(async () => {
      throw new Error('database down');
    });
    const reply = await server.nextReply(server.pushText('你好'));
    expect(reply.body.stream).toMatchObject({ finish: true, content: '抱歉，处理时出错了，请稍后再试。' });
  });
});
