import { describe, expect, it, vi } from 'vitest';
import type { Outbound } from '../../../domain/index.js';
import { WECOM_CHAT_PREFIXES, createWeComChatPort, parseChatRef, toChatRef } from '../../../bot/wecom/index.js';

const msg: Outbound[] = [{ kind: 'text', text: '提醒' }];

function deps(connected: boolean) {
  return {
    aibot: { isConnected: () => connected, send: vi.fn(async () => {}) },
    app: { toUser: vi.fn(async () => {}), toAppChat: vi.fn(async () => {}), acknowledgeClick: vi.fn(async () => {}) },
    webhooks: { beiyicheng: { send: vi.fn(async () => {}) } },
  };
}

describe('createWeComChatPort', () => {
  it('reaches a person over the long connection while the bot is online', async () => {
    const d = deps(true);
    await createWeComChatPort(d).send('wecom:zhangsan', msg);
    expect(d.aibot.send).toHaveBeenCalledWith('wecom:zhangsan', msg);
    expect(d.app.toUser).not.toHaveBeenCalled();
  });

  it('falls back to the self-built app while the bot is offline', async () => {
    const d = deps(false);
    await createWeComChatPort(d).send('wecom:zhangsan', msg);
    expect(d.app.toUser).toHaveBeenCalledWith('zhangsan', msg);
  });

  it('routes app group chats and webhooks by name', async () => {
    const d = deps(true);
    const port = createWeComChatPort(d);
    await port.send('wecomapp:town-1', msg);
    await port.send('wecomhook:beiyicheng', msg);
    expect(d.app.toAppChat).toHaveBeenCalledWith('town-1', msg);
    expect(d.webhooks.beiyicheng.send).toHaveBeenCalledWith(msg);
  });

  it('fails (so the job retries) when nothing can deliver', async () => {
    const port = createWeComChatPort({ aibot: deps(false).aibot });
    await expect(port.send('wecom:zhangsan', msg)).rejects.toThrow(/bot is offline/);
    await expect(port.send('wecomgroup:wr1', msg)).rejects.toThrow(/offline/);
    await expect(port.send('wecomhook:unknown', msg)).rejects.toThrow(/no webhook/);
    await expect(port.send('tg:123', msg)).rejects.toThrow(/not a WeCom chat/);
    expect(port.handles('tg:123')).toBe(false);
    expect(port.handles('wecomapp:x')).toBe(true);
  });

  it('spells ChatRefs one way', () => {
    expect(toChatRef({ kind: 'group', id: 'wr1' })).toBe('wecomgroup:wr1');
    expect(parseChatRef('wecom:a:b')).toEqual({ kind: 'user', id: 'a:b' });
    expect(parseChatRef('wecom:')).toBeUndefined();
    expect(WECOM_CHAT_PREFIXES).toEqual(['wecom', 'wecomgroup', 'wecomapp', 'wecomhook']);
  });
});
