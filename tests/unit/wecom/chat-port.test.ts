import { describe, expect, it, vi } from 'vitest';
import { isUndeliverable, type Outbound } from '../../../domain/index.js';
import { WECOM_CHAT_PREFIXES, WeComApiError, WeComRateLimitError, botChatRefOf, createWeComChatPort, parseChatRef, toChatRef } from '../../../bot/wecom/index.js';
import type { BotReach } from '../../../bot/wecom/aibot/adapter.js';
import type { ChatOwner } from '../../../bot/wecom/chat-owner.js';

const msg: Outbound[] = [{ kind: 'text', text: '提醒' }];

function deps(reach: BotReach, owner?: Omit<ChatOwner, 'displayName'>) {
  const person: ChatOwner | undefined = owner && { displayName: '张三', ...owner };
  return {
    aibot: { reach: vi.fn(async () => reach), send: vi.fn(async () => {}) },
    app: { toUser: vi.fn(async () => {}), toAppChat: vi.fn(async () => {}), acknowledgeClick: vi.fn(async () => {}) },
    webhooks: { beiyicheng: { send: vi.fn(async () => {}) } },
    personOf: vi.fn(async () => person),
    linkHints: { note: vi.fn(async () => {}) },
  };
}

describe('createWeComChatPort', () => {
  it('pushes to a bot user through the bot when it can reach them', async () => {
    const d = deps('ok');
    await createWeComChatPort(d).send('wecombot:zhangsan', msg);
    expect(d.aibot.send).toHaveBeenCalledWith('wecombot:zhangsan', msg);
    expect(d.app.toUser).not.toHaveBeenCalled();
  });

  it('an unlinked official the bot cannot reach and whose town has no robot is undeliverable, and noted for a /bind hint', async () => {
    const d = deps('never-messaged', { official: true, otherChats: 0, townId: 'nancun' });
    d.aibot.send.mockRejectedValueOnce(new WeComApiError('aibot_send_msg', 93000, 'conversation never messaged the bot'));
    const err = await createWeComChatPort(d).send('wecombot:zhangsan', msg).catch((e: unknown) => e);
    expect(isUndeliverable(err)).toBe(true);
    expect((err as Error).message).toMatch(/\/bind/);
    expect(d.linkHints.note).toHaveBeenCalledWith('zhangsan');
    expect(d.app.toUser).not.toHaveBeenCalled();
    expect(d.webhooks.beiyicheng.send).not.toHaveBeenCalled();
  });

  it('falls back to the town robot, addressed by name, for someone no direct path reaches and who has no other chat', async () => {
    const refused = new WeComApiError('aibot_send_msg', 93000, 'conversation never messaged the bot');
    const d = deps('never-messaged', { official: true, otherChats: 0, townId: 'beiyicheng' });
    d.aibot.send.mockRejectedValueOnce(refused);
    await createWeComChatPort(d).send('wecombot:zhangsan', msg);
    expect(d.webhooks.beiyicheng.send).toHaveBeenCalledWith([{ kind: 'text', text: '【致张三】提醒' }]);
    expect(d.linkHints.note).toHaveBeenCalledWith('zhangsan');
    // An app userid with no app configured: the same last resort.
    const noApp = { ...deps('ok', { official: false, otherChats: 0, townId: 'beiyicheng' }), app: undefined };
    await createWeComChatPort(noApp).send('wecom:lisi', msg);
    expect(noApp.webhooks.beiyicheng.send).toHaveBeenCalledTimes(1);
    // Someone with another (linked) chat gets it there, not in the group.
    const linked = deps('never-messaged', { official: true, otherChats: 1, townId: 'beiyicheng' });
    linked.aibot.send.mockRejectedValueOnce(refused);
    expect(isUndeliverable(await createWeComChatPort(linked).send('wecombot:zhangsan', msg).catch((e: unknown) => e))).toBe(true);
    expect(linked.webhooks.beiyicheng.send).not.toHaveBeenCalled();
  });

  it('tries a bound person this process has no record of (memory lost in a restart): WeCom decides', async () => {
    const d = deps('never-messaged', { official: true, otherChats: 0 });
    await createWeComChatPort(d).send('wecombot:zhangsan', msg);
    expect(d.aibot.send).toHaveBeenCalledWith('wecombot:zhangsan', msg);
    expect(d.linkHints.note).not.toHaveBeenCalled();
    const stranger = deps('never-messaged');
    expect(isUndeliverable(await createWeComChatPort(stranger).send('wecombot:nobody', msg).catch((e: unknown) => e))).toBe(true);
    expect(stranger.aibot.send).not.toHaveBeenCalled();
  });

  it('a linked official is not told to link again; someone who is no official gets no hint either', async () => {
    const refused = new WeComApiError('aibot_send_msg', 93000, 'conversation never messaged the bot');
    const linked = deps('never-messaged', { official: true, otherChats: 1 });
    linked.aibot.send.mockRejectedValueOnce(refused);
    expect(isUndeliverable(await createWeComChatPort(linked).send('wecombot:zhangsan', msg).catch((e: unknown) => e))).toBe(true);
    expect(linked.linkHints.note).not.toHaveBeenCalled();
    const worker = deps('never-messaged', { official: false, otherChats: 0 });
    worker.aibot.send.mockRejectedValueOnce(refused);
    expect(isUndeliverable(await createWeComChatPort(worker).send('wecombot:laowang', msg).catch((e: unknown) => e))).toBe(true);
    expect(worker.linkHints.note).not.toHaveBeenCalled();
  });

  it('over the conversation cap the push is retried, and an unlinked official is noted for the /bind hint', async () => {
    const d = deps('ok', { official: true, otherChats: 0 });
    d.aibot.send.mockRejectedValueOnce(new WeComRateLimitError('aibot_send_msg', 'push cap'));
    const err = await createWeComChatPort(d).send('wecombot:zhangsan', msg).catch((e: unknown) => e);
    expect(isUndeliverable(err)).toBe(false);
    expect(err).toMatchObject({ name: 'WeComRateLimitError' });
    expect(d.linkHints.note).toHaveBeenCalledWith('zhangsan');
  });

  it('retries, rather than records, a push made on a replica that does not hold the bot connection', async () => {
    const d = deps('offline', { official: true, otherChats: 0 });
    const err = await createWeComChatPort(d).send('wecombot:zhangsan', msg).catch((e: unknown) => e);
    expect(isUndeliverable(err)).toBe(false);
    expect(err).toBeInstanceOf(Error);
    expect(d.linkHints.note).not.toHaveBeenCalled();
  });

  it('reaches an app userid through the self-built app', async () => {
    const d = deps('ok');
    await createWeComChatPort(d).send('wecom:zhangsan', msg);
    expect(d.app.toUser).toHaveBeenCalledWith('zhangsan', msg);
    expect(d.aibot.send).not.toHaveBeenCalled();
  });

  it('turns permanent WeCom errcodes into UndeliverableError and keeps transient ones retryable', async () => {
    const d = deps('ok');
    d.app.toUser.mockRejectedValueOnce(new WeComApiError('message/send', 81013, 'user not found'));
    expect(isUndeliverable(await createWeComChatPort(d).send('wecom:ghost', msg).catch((e: unknown) => e))).toBe(true);
    d.app.toUser.mockRejectedValueOnce(new WeComApiError('message/send', 60020, 'not allow to access from your ip'));
    expect(isUndeliverable(await createWeComChatPort(d).send('wecom:x', msg).catch((e: unknown) => e))).toBe(true);
    // 86008 非法操作非自己创建的群 (全局错误码): appchat/send to a group another app created.
    d.app.toAppChat.mockRejectedValueOnce(new WeComApiError('appchat/send', 86008, 'not allow to operate on chat not created by this app'));
    expect(isUndeliverable(await createWeComChatPort(d).send('wecomapp:foreign', msg).catch((e: unknown) => e))).toBe(true);
    d.app.toUser.mockRejectedValueOnce(new WeComApiError('message/send', 45009, 'freq'));
    const transient = await createWeComChatPort(d).send('wecom:x', msg).catch((e: unknown) => e);
    expect(isUndeliverable(transient)).toBe(false);
    expect(transient).toMatchObject({ errcode: 45009 });
  });

  it('routes app group chats and webhooks by name; a group the bot cannot post to is retried', async () => {
    const d = deps('never-messaged');
    const port = createWeComChatPort(d);
    await port.send('wecomapp:town-1', msg);
    await port.send('wecomhook:beiyicheng', msg);
    expect(d.app.toAppChat).toHaveBeenCalledWith('town-1', msg);
    await expect(port.send('wecomgroup:wr1', msg)).rejects.toThrow(/cannot post/);
    expect(isUndeliverable(await port.send('wecomhook:unknown', msg).catch((e: unknown) => e))).toBe(true);
    expect(port.handles('tg:123')).toBe(false);
    expect(port.handles('wecomapp:x')).toBe(true);
  });

  it('spells ChatRefs one way, with bot and app ids in separate namespaces', () => {
    expect(toChatRef({ kind: 'group', id: 'wr1' })).toBe('wecomgroup:wr1');
    expect(botChatRefOf({ chattype: 'single', from: { userid: 'zhangsan' } })).toBe('wecombot:zhangsan');
    expect(parseChatRef('wecombot:zhangsan')).toEqual({ kind: 'bot', id: 'zhangsan' });
    expect(parseChatRef('wecom:a:b')).toEqual({ kind: 'user', id: 'a:b' });
    expect(parseChatRef('wecom:')).toBeUndefined();
    expect(WECOM_CHAT_PREFIXES).toEqual(['wecom', 'wecombot', 'wecomgroup', 'wecomapp', 'wecomhook']);
  });
});
