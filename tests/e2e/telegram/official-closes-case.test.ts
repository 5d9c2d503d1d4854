import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import type { StoreKind } from '../../support/app-harness.js';
import { startTelegramWorld, type TelegramWorld } from '../../support/telegram-harness.js';

const mongoUri = serviceUrl('MONGODB_URI');

describe.each<StoreKind>(['sqlite', 'mongo'])('Telegram: officials bound by invite code close a case on %s', (kind) => {
  let w: TelegramWorld;
  const skip = kind === 'mongo' && !mongoUri;

  beforeAll(async () => {
    if (skip) return;
    w = await startTelegramWorld(kind, mongoUri);
    // The first admin exists from the first start; here they already use Telegram.
    await w.stores.identities.insert({ id: 'admin-1', displayName: '管理员', role: 'admin', username: 'admin', createdAt: new Date() });
    await w.stores.identities.bind('tg:900001', 'admin-1');
    const now = new Date();
    await w.stores.enterprises.insert({
      id: 'ent-2', name: '泽州县南村钢铁有限公司', aliases: ['南村钢铁'], creditCode: '91140525MA0K7T8X1B', townId: 'nancun',
      industry: '冶金', aboveScale: true, riskLevel: 'A', supervisionLevel: 'county', flags: ['metal_smelting'], status: 'operating',
      createdAt: now, updatedAt: now, version: 0,
    });
  });
  afterAll(async () => w?.stop());

  it.skipIf(skip)('invite → bind → group push → register, assess, rectify, review → 销号, the worker is told', async () => {
    const admin = w.user(900001);
    const codeOf = (text: string) => /邀请码：(\w+)/.exec(text)?.[1] ?? '';
    await admin.say('/invite town nancun');
    const townCode = codeOf(admin.text());
    await admin.say('/invite county');
    const countyCode = codeOf(admin.text());

    const town = w.user(900002, { firstName: '张镇长' });
    await town.say(`/bind ${townCode}`);
    expect(town.text()).toContain('绑定成功：张镇长，镇（乡）应急管理中心（南村镇）');
    const county = w.user(900003, { firstName: '李科长' });
    await county.say(`/bind ${countyCode}`);
    expect(county.text()).toContain('县应急管理局');
    const late = w.user(900004);
    await late.say(`/bind ${townCode}`);
    expect(late.text()).toContain('邀请码无效、已使用或已过期');

    // The town official binds the town's work group; new cases are pushed there.
    const group = w.user(900002, { chatId: -100900, type: 'supergroup' });
    await group.say('/bindgroup nancun');
    expect(group.text()).toContain('本群已绑定南村镇');

    const worker = w.user(731002, { firstName: '赵师傅' });
    await worker.say('/report');
    await worker.say('南村钢铁');
    await worker.say('转炉平台护栏缺失，高处作业无防护');
    await worker.send({ photo: [w.gateway.hostFile(await phonePhoto())] });
    await worker.press('r:photos_done');
    await worker.press('r:loc_skip');
    await worker.press('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(worker.text())![0];
    expect(group.text(await group.replies())).toContain(`🆕 新隐患上报 ${number}（南村镇）`);
    // The town official also hears of it personally, in their own chat.
    expect(town.text(await town.replies())).toContain(`🆕 新隐患 ${number}（南村镇）已自动登记`);

    await town.say('/cases');
    await town.press(town.button(`c:${number}`));
    // 自动派单 registered it already: the enterprise 南村钢铁 is registered in 南村镇.
    expect(town.text()).toContain('已登记');
    await town.press(town.button(`a:${number}:assess`));
    await town.press('f:sev:general');
    await town.press('f:days:15');
    expect(town.text()).toContain('已评估');
    await town.press(town.button(`a:${number}:start_rectification`));
    await town.press(town.button(`a:${number}:request_review`));
    await town.send({ photo: [w.gateway.hostFile(await phonePhoto({ r: 40, g: 200, b: 40 }))] });
    await town.press('f:photos_done');
    expect(town.text()).toContain('待复核');

    await county.say(`/case ${number}`);
    await county.press(county.button(`a:${number}:approve`));
    await county.say('现场复核合格');
    await county.press('f:confirm');
    expect(county.text()).toContain('已复核通过并销号');
    const closed = await w.stores.cases.getByNumber(number);
    expect(closed?.status).toBe('closed');
    expect(closed?.history.map((e) => e.action)).toEqual(['report', 'register', 'assess', 'start_rectification', 'request_review', 'approve']);

    const pushes = worker.text(await worker.unread());
    expect(pushes).toContain('已销号');
  });
});
