import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { fushengSteel, jintaiFoundry } from '../../support/sample-data.js';
import { WebChatClient } from '../../support/web-client.js';
import { FormClient } from '../dashboard/form-client.js';

const mongoUri = serviceUrl('MONGODB_URI');
const NEW_PASSWORD = 'Zezhou-Anquan-2026-safe!';


/**
 * 重点企业专家指导服务 end to end (notice item 9, issue 14): the county assigns an expert to two key enterprises;
 * at 福盛钢铁 the expert records a 帮扶 visit and reports a finding (source 专家服务), which is auto-registered
 * to 巴公镇, assessed by the town, rectified by the enterprise and closed by the expert's 复核; the expert then
 * records the loop's 复核 and 提升, and the county sees each enterprise's stage. The loop at 金泰铸造 is left
 * at 帮扶: the end-of-October date reminds the expert 3 days before, and tells the county the day after.
 */
describe.each<StoreKind>(['sqlite', 'mongo'])('expert service loop on %s', (kind) => {
  const skip = kind === 'mongo' && !mongoUri;
  let h: Awaited<ReturnType<typeof startTestApp>>;
  // Monday 12 October 2026, 10:00 in Zezhou; moved forward by the test.
  let now = new Date('2026-10-12T02:00:00Z');
  const clock = { now: () => now };

  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri, {}, { clock });
    await h.app.stores.enterprises.insert(fushengSteel({ createdAt: new Date('2026-01-05T02:00:00Z'), updatedAt: new Date('2026-01-05T02:00:00Z') }));
    await h.app.stores.enterprises.insert(jintaiFoundry());
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it.skipIf(skip)('帮扶 → finding rectified and 复核ed → loop 复核 → 提升; the county sees the stages; the due date reminds', async () => {
    const fetch = h.app.fetch;
    const pw = (text: string) => /：(\w{12})/.exec(text)?.[1] ?? '';
    const codeIn = (text: string, label: string) => new RegExp(`${label}：(\\w+)`).exec(text)?.[1] ?? '';
    const signIn = async (username: string, password: string) => {
      const client = new WebChatClient(fetch);
      const res = await client.login(username, password);
      expect(res.status, `${username}: ${JSON.stringify(res.data)}`).toBe(200);
      if (res.data.mustChangePassword) {
        const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ current: password, next: NEW_PASSWORD }) };
        expect((await client.request('/api/password', post)).status).toBe(200);
      }
      return client;
    };
    const admin = await signIn('admin', h.adminPassword);
    const town = await signIn('wang', pw(admin.text(await admin.say('/adduser wang town_official bagong'))));
    const county = await signIn('lisi', pw(admin.text(await admin.say('/adduser lisi county_official'))));

    // The county assigns an expert to two key enterprises; the town invites 福盛's 安全负责人.
    const expertCode = codeIn(county.text(await county.say('/invite expert 福盛钢铁,金泰铸造')), '邀请码');
    const expert = new WebChatClient(fetch);
    await expert.say(`/bind ${expertCode}`);
    expect(expert.text()).toContain('绑定成功');
    const boss = new WebChatClient(fetch);
    await boss.say(`/bind ${codeIn(town.text(await town.say('/invite enterprise 福盛钢铁')), '邀请码')}`);
    expect(boss.text()).toContain('山西福盛钢铁有限公司安全负责人');

    // The county sees both key enterprises at 帮扶, due 31 October; it is offered no step of the expert's.
    await county.say('/service');
    expect(county.text()).toContain('重点企业专家服务（2026年）：帮扶—整改—复核—提升，2026-10-31前完成；2026-12-31前完成整改“回头看”');
    expect(county.text()).toContain('山西福盛钢铁有限公司（巴公镇）· 帮扶');
    expect(county.text()).toContain('泽州县金泰铸造有限公司（南村镇）· 帮扶');
    await county.choose(county.button('x:ent-fs'));
    expect(() => county.button('x:ent-fs:visit')).toThrow();
    // A worker has no expert service at all.
    const worker = new WebChatClient(fetch);
    await worker.say('/service');
    expect(worker.text()).toContain('暂无指派专家的重点企业');

    // 帮扶: the expert records the visit; the town and the enterprise hear of it personally.
    await expert.say('/service');
    await expert.choose(expert.button('x:ent-fs'));
    expect(expert.text()).toContain('当前阶段：帮扶');
    expect(() => expert.button('x:ent-fs:review')).toThrow();
    await expert.choose(expert.button('x:ent-fs:visit'));
    expect(expert.text()).toContain('请输入本次帮扶情况');
    await expert.say('煤气区域检查：转炉煤气柜区域未设置固定式一氧化碳报警仪，已现场指导');
    expect(expert.text()).toContain('已记录帮扶');
    expect(expert.text()).toContain('当前阶段：复核'); // no finding yet: nothing to rectify
    expect(town.text(await town.inbox())).toContain('已到山西福盛钢铁有限公司开展帮扶：煤气区域检查');
    expect(boss.text(await boss.inbox())).toContain('已到山西福盛钢铁有限公司开展帮扶');

    // The finding becomes a case (source 专家服务), auto-registered to 巴公镇; the loop moves to 整改.
    await expert.say('/report');
    await expert.say('福盛钢铁');
    await expert.say('转炉煤气柜区域未设置固定式一氧化碳报警仪');
    await expert.choose('r:photos_done');
    await expert.choose('r:loc_skip');
    await expert.choose('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(expert.text())![0];
    expect(await h.app.stores.cases.getByNumber(number)).toMatchObject({ source: 'expert_service', status: 'registered', townId: 'bagong', enterpriseId: 'ent-fs' });
    await expert.say('/service');
    expect(expert.text()).toContain('山西福盛钢铁有限公司（巴公镇）· 整改 · 专家：');
    expect(expert.text()).toContain('问题隐患1条，未销号1条');
    await expert.choose(expert.button('x:ent-fs'));
    expect(() => expert.button('x:ent-fs:review')).toThrow();
    expect(expert.button(`c:${number}`)).toBe(`c:${number}`);

    // 整改: the town assesses, the enterprise rectifies with an after-photo.
    await town.say(`/case ${number}`);
    await town.choose(town.button(`a:${number}:assess`));
    await town.choose('f:sev:general');
    await town.choose('f:days:15');
    await boss.say(`/case ${number}`);
    await boss.choose(boss.button(`a:${number}:start_rectification`));
    await boss.choose(boss.button(`a:${number}:request_review`));
    await boss.photos([{ name: 'after.jpg', type: 'image/jpeg', data: await phonePhoto({ r: 40, g: 200, b: 40 }) }]);
    await boss.choose('f:photos_done');
    expect(boss.text()).toContain('待复核');

    // The expert 复核s the finding itself (its own 专家服务 case) and closes it.
    await expert.say(`/case ${number}`);
    await expert.choose(expert.button(`a:${number}:approve`));
    await expert.say('报警仪已安装并联网，检测正常');
    await expert.choose('f:confirm');
    expect(expert.text()).toContain('已销号');

    // 复核 of the loop, then 提升: the loop is complete.
    await expert.say('/service');
    expect(expert.text()).toContain('山西福盛钢铁有限公司（巴公镇）· 复核');
    await expert.choose(expert.button('x:ent-fs'));
    await expert.choose(expert.button('x:ent-fs:review'));
    await expert.say('本次帮扶发现的1项隐患已整改到位');
    expect(expert.text()).toContain('已记录复核意见');
    expect(expert.text()).toContain('当前阶段：提升');
    expect(() => expert.button('x:ent-fs:visit')).toThrow();
    await expert.choose(expert.button('x:ent-fs:improve'));
    await expert.say('建立煤气区域每日巡检和报警仪月度校验制度');
    expect(expert.text()).toContain('本企业专家服务闭环完成');
    expect(expert.text()).toContain('当前阶段：已完成');
    expect(town.text(await town.inbox())).toContain('山西福盛钢铁有限公司专家服务闭环已完成');

    // The county sees each key enterprise's stage; the enterprise sees its own loop, read-only.
    await county.say('/service');
    expect(county.text()).toContain('山西福盛钢铁有限公司（巴公镇）· 已完成');
    expect(county.text()).toContain('泽州县金泰铸造有限公司（南村镇）· 帮扶');
    await county.choose(county.button('x:ent-fs'));
    for (const s of ['煤气区域检查', `${number} 已销号`, '复核意见', '本次帮扶发现的1项隐患已整改到位', '提升总结', '建立煤气区域每日巡检']) expect(county.text()).toContain(s);
    await boss.say('/service');
    expect(boss.text()).toContain('山西福盛钢铁有限公司（巴公镇）· 已完成');
    expect(boss.text()).not.toContain('金泰');

    // 28 October 09:00: three days before the notice's date, the expert hears of the loop not completed, once.
    now = new Date('2026-10-28T01:00:30Z');
    await h.app.deadlines.embedded!.runDue();
    const reminders = expert.text(await expert.inbox()).split('\n').filter((l) => l.includes('专家服务提醒'));
    expect(reminders).toEqual(['⏰ 专家服务提醒：泽州县金泰铸造有限公司的“帮扶—整改—复核—提升”闭环当前为“帮扶”阶段，须于2026-10-31前完成（还有3天）。']);
    expect(town.text(await town.inbox())).not.toContain('专家服务提醒');

    // 1 November: overdue, and the county is told personally.
    now = new Date('2026-11-01T01:00:30Z');
    await h.app.deadlines.embedded!.runDue();
    expect(county.text(await county.inbox())).toContain('⚠️ 专家服务逾期：泽州县金泰铸造有限公司的闭环未在2026-10-31前完成，当前为“帮扶”阶段。');
    await county.say('/service');
    expect(county.text()).toContain('泽州县金泰铸造有限公司（南村镇）· 帮扶 · 专家：');
    expect(county.text()).toMatch(/金泰铸造有限公司.*⚠️已逾期/);
    expect(county.text()).not.toMatch(/福盛钢铁有限公司.*⚠️已逾期/);

    // The dashboard shows the same: every key enterprise's stage, and a loop's whole record.
    const dash = new FormClient(fetch);
    await dash.login('lisi', NEW_PASSWORD);
    const list = await dash.get('/dashboard/experts');
    expect(list.status).toBe(200);
    expect(list.html).toMatch(/山西福盛钢铁有限公司<\/a><\/td><td>巴公镇<\/td>\s*<td>[^<]*<\/td><td>已完成<\/td><td>1<\/td><td>0<\/td>/);
    expect(list.html).toMatch(/泽州县金泰铸造有限公司<\/a><\/td><td>南村镇<\/td>\s*<td>[^<]*<\/td><td>帮扶<\/td>[\s\S]*已逾期/);
    const loopPage = await dash.get('/dashboard/experts/ent-fs');
    for (const s of ['当前阶段：<strong>已完成</strong>', '煤气区域检查', '本次帮扶发现的1项隐患已整改到位', '建立煤气区域每日巡检', `${number}</a> 已销号`]) expect(loopPage.html).toContain(s);
    // A town official sees only the key enterprises of the town.
    const townDash = new FormClient(fetch);
    await townDash.login('wang', NEW_PASSWORD);
    const townList = await townDash.get('/dashboard/experts');
    expect(townList.html).toContain('山西福盛钢铁有限公司');
    expect(townList.html).not.toContain('金泰铸造');
    expect((await townDash.get('/dashboard/experts/ent-1')).status).toBe(404);
  }, 120_000);
});
