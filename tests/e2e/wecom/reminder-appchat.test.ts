import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../handlers/accounts.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { talk } from '../../support/handler-harness.js';
import { serviceUrl } from '../../support/requires.js';
import { appEnv, fakeQyApi, type ApiBody } from './app-api.js';
import { jintaiFoundry } from '../../support/sample-data.js';

const mongoUri = serviceUrl('MONGODB_URI');
const CHAT_ID = 'wrNANCUN0001';

describe.each<StoreKind>(['sqlite', 'mongo'])('a case reminder reaches a town group through appchat on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let api: ReturnType<typeof fakeQyApi>;
  const skip = kind === 'mongo' && !mongoUri;
  // Monday 15 June 2026, 10:00 in Zezhou; moved forward by the test.
  let now = new Date('2026-06-15T02:00:00Z');
  const clock = { now: () => now };

  beforeAll(async () => {
    if (skip) return;
    api = fakeQyApi();
    h = await startTestApp(kind, mongoUri, appEnv, { clock });
    const { stores } = h.app;
    // The town's group chat was created by the self-built app (appchat/create) and bound to the town.
    const nancun = (await stores.towns.get('nancun'))!;
    await stores.towns.upsert({ ...nancun, groupChats: [`wecomapp:${CHAT_ID}`] });
    await stores.enterprises.insert(jintaiFoundry());
    const admin = (await stores.identities.getByUsername('admin'))!;
    const { identity } = await createAccount(
      { identities: stores.identities, towns: stores.towns, newId: randomUUID, now: clock.now },
      { id: admin.id, role: 'admin' },
      { username: 'wang', role: 'town_official', townId: 'nancun' },
    );
    await stores.identities.bind('wecom:wang', identity.id);
  });
  afterAll(async () => {
    await h?.stop();
    api?.stop();
  });

  const groupTexts = (bodies: ApiBody[]) => bodies.filter((b) => b.chatid === CHAT_ID).map((b) => b.markdown.content as string);

  it.skipIf(skip)('the T−3 reminder of an assessed case is posted to the town group once, in Chinese, with its number', async () => {
    // A worker reports (through the real handlers) and the town official assesses it: 一般, due 2026-06-24.
    const worker = talk(h.app.handler, 'wecom:worker03');
    await worker.say('上报隐患');
    await worker.say('金泰铸造');
    await worker.say('铸造车间地坑有限空间无警示标志');
    await worker.choose('r:photos_done');
    await worker.choose('r:loc_skip');
    await worker.choose('r:submit');
    const number = /ZZ-\d{4}-\d{6}/.exec(worker.textOf())![0];

    const town = talk(h.app.handler, 'wecom:wang');
    await town.say(`/case ${number}`);
    await town.choose(town.button(`a:${number}:assess`));
    await town.choose('f:sev:general');
    await town.say('2026-06-24');
    expect(town.textOf()).toContain(`${number} 已评估定级`);
    await h.app.wecom.idle();

    // The group heard of the new case when it was reported (appchat shows no buttons: they are listed).
    expect(groupTexts(api.calls.appchatSend)).toEqual([expect.stringContaining(`🆕 新隐患上报 ${number}（南村镇）`)]);
    expect(groupTexts(api.calls.appchatSend)[0]).toContain('- 查看案件');
    // Nothing is due yet.
    expect(await h.app.deadlines.embedded!.runDue()).toBe(0);

    // Sunday 21 June, 09:00:30: the T−3 rung is due.
    now = new Date('2026-06-21T01:00:30Z');
    const before = api.calls.appchatSend.length;
    expect(await h.app.deadlines.embedded!.runDue()).toBeGreaterThan(0);
    const reminders = groupTexts(api.calls.appchatSend.slice(before)).filter((t) => t.includes('隐患整改提醒'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain(`⏰ 隐患整改提醒：${number} · 泽州县金泰铸造有限公司`);
    expect(reminders[0]).toContain('距整改期限还有3天（2026-06-24）');
    expect(reminders[0]).toContain('- 查看案件');
    expect(api.calls.appchatSend.slice(before)).toContainEqual({ chatid: CHAT_ID, safe: 0, msgtype: 'markdown', markdown: { content: reminders[0] } });

    // Running the scheduler again sends nothing twice.
    const after = api.calls.appchatSend.length;
    await h.app.deadlines.embedded!.runDue();
    expect(groupTexts(api.calls.appchatSend.slice(after)).filter((t) => t.includes(number))).toEqual([]);
    expect(api.unmatched).toEqual([]);
  });
});
