import { describe, expect, it } from 'vitest';
import { tipHarness } from '../../support/tip-harness.js';

/** One person, two WeCom id spaces (bot and app): linked only when they say so, with a one-time code. */
describe('linking a second chat to an official with /bind', () => {
  async function official() {
    const h = await tipHarness();
    await h.stores.identities.insert({ id: 'li-1', displayName: '李四', role: 'town_official', townId: 'nancun', createdAt: new Date() });
    await h.stores.identities.bind('wecombot:lisi', 'li-1');
    return h;
  }

  it('gives a bound official a link code; /bind with it in the app chat acts as the same person, once', async () => {
    const h = await official();
    const bot = h.chat('wecombot:lisi');
    await bot.say('/bind');
    const code = /关联码：(\w+)/.exec(bot.textOf())?.[1];
    expect(code).toBeDefined();
    const app = h.chat('wecom:LiSi01');
    await app.say(`/bind ${code}`);
    expect(app.textOf()).toContain('已关联：本聊天现在代表 李四');
    expect(await h.stores.identities.byChat('wecom:LiSi01')).toMatchObject({ id: 'li-1', role: 'town_official' });
    expect((await h.stores.identities.chatsOf('li-1')).sort()).toEqual(['wecom:LiSi01', 'wecombot:lisi']);
    const stranger = h.chat('tg:9001');
    await stranger.say(`/bind ${code}`);
    expect(stranger.textOf()).toContain('邀请码无效、已使用或已过期');
    expect(await h.stores.identities.byChat('tg:9001')).toBeNull();
  });

  it('gives no link code to a chat without an official identity', async () => {
    const h = await official();
    const worker = h.chat('wecombot:wangwu');
    await worker.say('/bind');
    expect(worker.textOf()).toContain('用法：/bind 邀请码');
  });
});
