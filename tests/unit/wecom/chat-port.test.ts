import { describe, expect, it, vi } from 'vitest';
import { isUndeliverable, type Outbound } from '../../../domain/index.js';
import { WECOM_CHAT_PREFIXES, WeComApiError, botChatRefOf, createWeComChatPort, parseChatRef, toChatRef } from '../../../bot/wecom/index.js';

const msg: Outbound[] = [{ kind: 'text', text: '提醒' }];

function deps(reachable: boolean) {
  return {
    aibot: { canReach: vi.fn(async () => reachable), send: vi.fn(async () => {}) },
    app: { toUser: vi.fn(async () => {}), toAppChat: vi.fn(async () => {}), acknowledgeClick: vi.fn(async () => {}) },
    webhooks: { beiyicheng: { send: vi.fn(async () => {}) } },
    townRobotOf: vi.fn(async () => 'beiyicheng' as string | undefined),
  };
}

describe('createWeComChatPort', () => {
  it('pushes to a bot user through the bot when it can reach them', async () => {
    const d = deps(true);
    await createWeComChatPort(d).send('wecombot:zhangsan', msg);
    expect(d.aibot.send).toHaveBeenCalledWith('wecombot:zhangsan', msg);
    expect(d.app.toUser).not.toHaveBeenCalled();
  });

  it('never guesses the app for a bot id: falls back to the town group robot', async () => {
    const d = deps(false);
    await createWeComChatPort(d).send('wecombot:zhangsan', msg);
    expect(d.app.toUser).not.toHaveBeenCalled();
    expect(d.webhooks.beiyicheng.send).toHaveBeenCalledWith(msg);
  });

  it('records a bot user nobody can reach as undeliverable', async () => {
    const d = { ...deps(false), townRobotOf: async () => undefined };
    const err = await createWeComChatPort(d).send('wecombot:zhangsan', msg).catch((e: unknown) => e);
    expect(isUndeliverable(err)).toBe(true);
  });

  it('reaches an app userid through the self-built app', async () => {
    const d = deps(true);
    await createWeComChatPort(d).send('wecom:zhangsan', msg);
    expect(d.app.toUser).toHaveBeenCalledWith('zhangsan', msg);
    expect(d.aibot.send).not.toHaveBeenCalled();
  });

  it('turns permanent WeCom errcodes into UndeliverableError and keeps transient ones retryable', async () => {
    const d = deps(true);
    d.app.toUser.mockRejectedValueOnce(new WeComApiError('message/send', 81013, 'user not found'));
    expect(isUndeliverable(await createWeComChatPort(d).send('wecom:ghost', msg).catch((e: unknown) => e))).toBe(true);
    d.app.toUser.mockRejectedValueOnce(new WeComApiError('message/send', 60020, 'not allow to access from your ip'));
    expect(isUndeliverable(await createWeComChatPort(d).send('wecom:x', msg).catch((e: unknown) => e))).toBe(true);
    d.app.toUser.mockRejectedValueOnce(new WeComApiError('message/send', 45009, 'freq'));
    const transient = await createWeComChatPort(d).send('wecom:x', msg).catch((e: unknown) => e);
    expect(isUndeliverable(transient)).toBe(false);
    expect(transient).toMatchObject({ errcode: 45009 });
  });

  it('routes app group chats and webhooks by name; a group the bot cannot post to is retried', async () => {
    const d = deps(false);
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
