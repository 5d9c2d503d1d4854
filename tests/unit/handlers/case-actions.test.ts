import { describe, expect, it } from 'vitest';
import { createConversationHandler } from '../../../handlers/index.js';
import { chatWith, handlerDeps, talk } from '../../support/handler-harness.js';
import { phonePhoto } from '../../support/images.js';

async function reportedCase() {
  const c = await chatWith();
  const now = new Date();
  await c.stores.enterprises.insert({
    id: 'e1', name: '巴公镇某焦化有限公司', aliases: [], townId: 'bagong', industry: '冶金', aboveScale: true, riskLevel: 'A',
    supervisionLevel: 'county', flags: ['gas'], status: 'operating', createdAt: now, updatedAt: now, version: 0,
  });
  await c.stores.towns.upsert({ id: 'bagong', name: '巴公镇', groupChats: [], centre: { lat: 35.61, lng: 112.88 } });
  // No enterprise named, a location in 巴公镇: placed there by 自动派单, left in 上报 for the town to confirm.
  await c.say('/report');
  await c.choose('r:noent');
  await c.say('煤气管道排水器冒气，附近无报警仪');
  await c.choose('r:photos_done');
  await c.send({ kind: 'location', lat: 35.612, lng: 112.878 });
  await c.choose('r:submit');
  const number = /ZZ-\d{4}-\d{6}/.exec(c.textOf())![0];
  const official = async (id: string, role: 'town_official' | 'county_official', townId?: string) => {
    await c.stores.identities.insert({ id, displayName: id, role, townId, createdAt: now });
    await c.stores.identities.bind(`web:${id}`, id);
    return talk(createConversationHandler(handlerDeps(c.stores)), `web:${id}`);
  };
  return { c, number, official };
}

describe('officials act on cases in chat', () => {
  it('registers a report naming a registered enterprise to its town at once, as the system with the rule', async () => {
    const { c } = await reportedCase();
    await c.say('/report');
    await c.say('巴公镇某焦化厂'); // neither the full name nor an alias: the name's core matches
    await c.say('焦炉上升管平台护栏锈断');
    await c.choose('r:photos_done');
    await c.choose('r:loc_skip');
    await c.choose('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(c.textOf())![0];
    const stored = await c.stores.cases.getByNumber(number);
    expect(stored).toMatchObject({ status: 'registered', townId: 'bagong', enterpriseId: 'e1', dispatch: { rule: 'enterprise_name' } });
    expect(stored!.history.at(-1)).toMatchObject({ actorId: 'system', actorRole: 'system', action: 'register', rule: 'enterprise_name' });
  });


  it('hides a case from another town as if it did not exist', async () => {
    const { number, official } = await reportedCase();
    const other = await official('t-nancun', 'town_official', 'nancun');
    await other.say(`/case ${number}`);
    expect(other.textOf()).toContain('没有找到该案件，或您无权查看');
  });

  it('lets a bound official act on a button pressed in the town group, as themselves', async () => {
    const { c, number, official } = await reportedCase();
    await official('t-bagong', 'town_official', 'bagong'); // bound in private as web:t-bagong
    const handler = createConversationHandler(handlerDeps(c.stores));
    const inGroup = (sender: string) => talk({ handle: (i) => handler.handle({ ...i, sender }) }, 'tg:-100777');
    const member = inGroup('web:t-bagong');
    await member.choose(`c:${number}`);
    expect(member.textOf()).toContain(`案件 ${number}（已上报）`);
    await member.choose(member.button(`a:${number}:register`));
    expect(member.textOf()).toContain('已登记');
    const stranger = inGroup('tg:555');
    await stranger.choose(`c:${number}`);
    expect(stranger.textOf()).toContain('没有找到该案件，或您无权查看');
  });

  it('refuses a worker pressing an official action button (a forged payload)', async () => {
    const { c, number } = await reportedCase();
    await c.choose(`a:${number}:register:0`);
    expect(c.textOf()).toMatch(/不能执行|无权/);
    expect((await c.stores.cases.getByNumber(number))?.status).toBe('reported');
  });

  it('treats a button from before a change as stale and shows the current state', async () => {
    const { number, official } = await reportedCase();
    const a = await official('t-bagong', 'town_official', 'bagong');
    const b = await official('t-bagong2', 'town_official', 'bagong');
    await a.say(`/case ${number}`);
    await b.say(`/case ${number}`);
    await a.choose(a.button(`a:${number}:register`));
    expect(a.textOf()).toContain('已登记');
    await b.choose(b.button(`a:${number}:reject`)); // b's keyboard predates a's change
    expect(b.textOf()).toContain('案件已有更新');
  });

  it('requires a reason to reject and keeps the case unchanged until given', async () => {
    const { c, number, official } = await reportedCase();
    const a = await official('t-bagong', 'town_official', 'bagong');
    await a.say(`/case ${number}`);
    await a.choose(a.button(`a:${number}:reject`));
    // Blank text is refused before the dialog sees it; the case stays as it was and the reason is still asked.
    await a.say('  ');
    expect(a.textOf()).toContain('这条消息是空的');
    expect((await c.stores.cases.getByNumber(number))?.status).toBe('reported');
    await a.say('重复上报，已并入 ZZ-2026-000001');
    expect(a.textOf()).toContain('已不予受理');
    expect((await c.stores.cases.getByNumber(number))?.rejectReason).toBe('重复上报，已并入 ZZ-2026-000001');
  });

  it('walks a major hazard through 挂牌督办: closure waits for the five items and 立案', async () => {
    const { c, number, official } = await reportedCase();
    const town = await official('t-bagong', 'town_official', 'bagong');
    const county = await official('county-1', 'county_official');
    await town.say(`/case ${number}`);
    await town.choose(town.button(`a:${number}:register`));
    await town.choose(town.button(`a:${number}:assess`));
    await town.choose('f:sev:major');
    await town.say('2099-01-31');
    expect(town.textOf()).toContain('挂牌督办：尚缺 责任、措施、资金、时限、预案、立案');
    await town.choose(town.button(`a:${number}:start_rectification`));
    await town.choose(town.button(`a:${number}:request_review`));
    await town.photo(await phonePhoto());
    await town.choose('f:photos_done');

    // Not offered while the five items are missing: the reason is said instead.
    await county.say(`/case ${number}`);
    expect(county.textOf()).toContain('不可操作：复核通过并销号——挂牌督办五落实及立案尚未齐全');
    expect(() => county.button(`a:${number}:approve`)).toThrow();

    await county.say(`/case ${number}`);
    await county.choose(county.button(`a:${number}:update_supervision`));
    for (const [field, value] of [['responsibility', '总经理王某'], ['measures', '更换排水器并加装CO报警仪'], ['funding', '8万元'], ['timeLimit', '2099年1月31日前'], ['plan', '煤气泄漏现场处置方案']]) {
      await county.choose(`f:field:${field}`);
      await county.say(value!);
    }
    await county.choose('f:filed');
    await county.choose('f:done');
    expect(county.textOf()).toContain('五落实已齐全');
    expect(county.textOf()).toContain('重大隐患须先完成验收');
    // 验收: an opinion (required) and optional photos, then the close with its own 复核意见 and a confirmation.
    await county.choose(county.button(`a:${number}:record_acceptance`));
    await county.say('现场验收：排水器已更换，CO报警仪运行正常');
    await county.choose('f:photos_done');
    expect(county.textOf()).toContain('验收意见已记录');
    await county.choose(county.button(`a:${number}:approve`));
    expect(county.textOf()).toContain('请填写复核意见');
    await county.say('同意销号');
    expect(county.textOf()).toContain('确认复核通过并销号？');
    await county.choose('f:confirm');
    expect(county.textOf()).toContain('已销号');
    const closed = await c.stores.cases.getByNumber(number);
    expect(closed?.supervision).toMatchObject({ filed: true, funding: '8万元' });
    expect(closed?.acceptance).toMatchObject({ by: 'county-1', opinion: '现场验收：排水器已更换，CO报警仪运行正常' });
    expect(closed?.history.at(-1)).toMatchObject({ action: 'approve', note: '同意销号' });
    // The timeline reads in the person's language: the five items by name, no English note.
    await county.say(`/case ${number}`);
    expect(county.textOf()).not.toContain('supervision updated');
    expect(county.textOf()).toContain('更新：资金');
  });
});
