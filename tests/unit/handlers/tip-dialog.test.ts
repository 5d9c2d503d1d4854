import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { talk } from '../../support/handler-harness.js';
import { phonePhoto } from '../../support/images.js';
import { submitTip, tipHarness } from '../../support/tip-harness.js';

const TIPSTER = 'tg:5550001';

describe('匿名举报 dialog', () => {
  it('explains anonymity, collects the tip, asks the receipt code and PIN back, then forgets the chat', async () => {
    const h = await tipHarness();
    const c = h.chat(TIPSTER);
    await c.say('/tip');
    expect(c.textOf()).toContain('本系统不保存您的 Telegram 账号');
    await c.choose('t:go');
    await c.say('熔炼炉旁冷却水管漏水');
    expect(c.textOf()).toContain('被举报企业的名称（可选）');
    await c.choose('t:skip_ent');
    await c.photo(await phonePhoto());
    expect(c.textOf()).toContain('已收到1张照片');
    await c.choose('t:photos_done');
    expect(c.textOf()).toContain('请核对举报内容');
    expect(c.textOf()).not.toContain('进展通知'); // no TIP_CONTACT_KEY: no opt-in offered
    await c.choose('t:pin');
    await c.say('123456');
    expect(c.textOf()).toContain('太容易被猜到');
    await c.say('Zezhou2026');
    expect(c.textOf()).toContain('只显示这一次');
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(c.textOf())![1]!;
    await c.say(`${code} Zezhou2027`);
    expect(c.textOf()).toContain('不一致');
    await c.say(`${code.toLowerCase().replaceAll('-', '')}  Zezhou2026`);
    const number = /ZZ-\d{4}-\d{6}/.exec(c.textOf())![0];
    expect(c.textOf()).not.toContain(code); // the code was shown once only

    const stored = await h.stores.cases.getByNumber(number);
    expect(stored).toMatchObject({ source: 'anonymous_tip', status: 'reported', description: '熔炼炉旁冷却水管漏水' });
    expect(stored).not.toHaveProperty('reporterId');
    expect(stored!.history[0]!.actorId).toBe('anonymous');
    expect(stored!.beforePhotos[0]).not.toHaveProperty('originalSha256');
    expect(stored!.beforePhotos[0]).not.toHaveProperty('capturedAt');
    const photo = await h.stores.media.get(stored!.beforePhotos[0]!.id);
    expect((await sharp(Buffer.from(photo!.data)).metadata()).exif).toBeUndefined();
    expect(await h.stores.dialogs.get(TIPSTER)).toBeNull();
    expect(await h.stores.identities.byChat(TIPSTER)).toBeNull();
  });

  it('checks a tip by code and PIN, counting wrong PINs and locking the code across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zz-tip-'));
    const file = join(dir, 'db.sqlite');
    try {
      const h = await tipHarness({ file });
      const { code, pin, number } = await submitTip(h.chat(TIPSTER));
      const checker = h.chat('tg:5550002');
      await checker.say(`/tip ${code}`);
      expect(checker.textOf()).toContain('请输入举报密码');
      await checker.say(pin);
      expect(checker.textOf()).toContain(`案件 ${number}`);
      expect(checker.textOf()).toContain('状态：已上报');
      expect(checker.textOf()).toContain('奖励：待核定');
      expect(await h.stores.dialogs.get('tg:5550002')).toBeNull();

      // Ten wrong tries in all lock the code (the policy: 10 per 15 minutes, then 15 minutes locked).
      for (let i = 9; i >= 1; i--) {
        await checker.say(`/tip ${code} Wrong${i}pin`);
        expect(checker.textOf()).toContain(`还可尝试${i}次`);
      }
      await checker.say(`/tip ${code} Wrong0pin`);
      expect(checker.textOf()).toContain('已暂时锁定');
      await h.stores.close(); // the process restarts: the lock is in the store

      const again = await tipHarness({ file });
      const later = again.chat('tg:5550003');
      await later.say(`/tip ${code} ${pin}`);
      expect(later.textOf()).toContain('已暂时锁定');
      await again.stores.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers an unknown receipt code exactly like a wrong PIN', async () => {
    const h = await tipHarness();
    const c = h.chat(TIPSTER);
    await c.say('/tip K7M2-Q9X4-T8B3 Zezhou2026');
    expect(c.textOf()).toContain('举报码或举报密码不正确');
    await c.say('/tip 12345');
    expect(c.textOf()).toContain('举报码格式不对');
  });

  it('notifies an opted-in tipster of each status change through a sealed contact, and forgets it when settled', async () => {
    const h = await tipHarness({ contactKey: randomBytes(32) });
    const { number } = await submitTip(h.chat(TIPSTER), { notify: true });
    const c = await h.stores.cases.getByNumber(number);
    const contact = await h.tipStores.tipContacts.get(c!.id);
    expect(contact?.sealed).toMatch(/^v1\./);
    expect(contact?.sealed).not.toContain('5550001');

    await h.stores.identities.insert({ id: 'county-1', displayName: '县局李四', role: 'county_official', createdAt: new Date() });
    await h.stores.identities.bind('web:county-1', 'county-1');
    const county = h.chat('web:county-1');
    await county.say(`/case ${number}`);
    await county.choose(county.button(`a:${number}:register`));
    await county.choose('f:town:nancun');
    expect(h.pushes.filter((p) => p.chat === TIPSTER).map((p) => p.messages[0])).toEqual([
      { kind: 'text', text: `您的匿名举报（案件 ${number}）有新进展：已登记` },
    ]);
    await county.choose(county.button(`a:${number}:assess`));
    await county.choose('f:sev:general');
    await county.choose('f:days:15');
    await h.tips.onCaseChanged((await h.stores.cases.getByNumber(number))!); // a repeat from another path says nothing new
    expect(h.pushes.filter((p) => p.chat === TIPSTER)).toHaveLength(2);
    expect((await h.tipStores.tipContacts.get(c!.id))?.lastStatus).toBe('assessed');

    const other = await submitTip(h.chat('tg:5550002'), { notify: true });
    await county.say(`/case ${other.number}`);
    await county.choose(county.button(`a:${other.number}:reject`));
    await county.say('经核查不属实');
    expect(h.pushes.at(-1)).toMatchObject({ chat: 'tg:5550002', messages: [{ text: `您的匿名举报（案件 ${other.number}）有新进展：不予受理` }] });
    const rejected = await h.stores.cases.getByNumber(other.number);
    expect(await h.tipStores.tipContacts.get(rejected!.id)).toBeNull();
  });

  it('records the reward decision for the county only, and the tipster sees it', async () => {
    const h = await tipHarness();
    const { code, pin, number } = await submitTip(h.chat(TIPSTER));
    await expect(h.tips.setReward(number, 'eligible', { id: 't1', role: 'town_official', townId: 'nancun' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await h.tips.setReward(number, 'eligible', { id: 'c1', role: 'county_official' });
    const c = h.chat('tg:5550009');
    await c.say(`/tip ${code} ${pin}`);
    expect(c.textOf()).toContain('符合奖励条件');
  });

  it('tells officials the reward state of a tip, and nothing for a case that is not a tip', async () => {
    const h = await tipHarness();
    const { number } = await submitTip(h.chat(TIPSTER));
    expect(await h.tips.rewardOf(number)).toBe('pending');
    await h.tips.setReward(number, 'paid', { id: 'c1', role: 'county_official' });
    expect(await h.tips.rewardOf(number.toLowerCase())).toBe('paid');
    expect(await h.tips.rewardOf('ZZ-2026-999999')).toBeNull();
  });

  it('refuses to take a tip where it cannot be anonymous: WeCom and group chats', async () => {
    const h = await tipHarness({ formUrl: 'https://example.org/tip' });
    const wecom = h.chat('wecom:zhangsan');
    await wecom.say('/tip');
    expect(wecom.textOf()).toContain('企业微信会显示发送人的身份');
    expect(wecom.textOf()).toContain('https://example.org/tip');
    const app = h.chat('wecomapp:group1');
    await app.say('匿名举报');
    expect(app.textOf()).toContain('无法匿名举报');
    const group = talk(h.handler, 'tg:-100123');
    await group.send({ kind: 'text', text: '/tip', sender: 'tg:5550001' });
    expect(group.textOf()).toContain('群里的其他成员都能看到');
    expect(await h.stores.dialogs.get('wecom:zhangsan')).toBeNull();
  });

  it('keeps the draft through stale and forged buttons, a location and a bad photo', async () => {
    const h = await tipHarness();
    const c = h.chat(TIPSTER);
    await c.say('/tip');
    await c.choose('t:pin'); // a button of a later step
    expect(c.textOf()).toContain('这个按钮已过期');
    await c.choose('t:go');
    await c.say('煤气柜区域报警器长期关闭');
    await c.send({ kind: 'location', lat: 35.5, lng: 112.8 });
    expect(c.textOf()).toContain('匿名举报不收集位置');
    await c.photo(new TextEncoder().encode('not a jpeg at all'));
    expect(c.textOf()).toContain('这不是可识别的图片文件');
    await c.choose('t:notify_on'); // forged: no key, no such option
    expect(c.textOf()).toContain('这个按钮已过期');
    await c.choose('t:skip_ent');
    await c.choose('t:photos_done');
    expect(c.textOf()).toContain('描述：煤气柜区域报警器长期关闭');
    expect(c.textOf()).toContain('照片：0张');
    expect(JSON.stringify(await h.stores.dialogs.get(TIPSTER))).not.toContain('35.5');
  });

  it('continues after a restart in the middle of the dialog, and a cancel deletes everything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zz-tip-'));
    const file = join(dir, 'db.sqlite');
    try {
      const first = await tipHarness({ file });
      const a = first.chat(TIPSTER);
      await a.say('/tip');
      await a.choose('t:go');
      await a.say('有限空间作业未检测气体');
      await first.stores.close();

      const second = await tipHarness({ file });
      const b = second.chat(TIPSTER);
      await b.say('/tip');
      expect(b.textOf()).toContain('继续填写您的匿名举报');
      await b.choose('t:skip_ent');
      await b.choose('t:photos_done');
      expect(b.textOf()).toContain('有限空间作业未检测气体');
      await b.choose('t:cancel');
      expect(b.textOf()).toContain('已取消举报');
      expect(await second.stores.dialogs.get(TIPSTER)).toBeNull();
      await second.stores.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('speaks English after /lang en', async () => {
    const h = await tipHarness();
    const c = h.chat(TIPSTER);
    await c.say('/lang en');
    await c.say('/tip');
    expect(c.textOf()).toContain('About anonymous tips');
  });
});
