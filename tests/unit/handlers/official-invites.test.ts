import { describe, expect, it } from 'vitest';
import { talk } from '../../support/handler-harness.js';
import { tipHarness } from '../../support/tip-harness.js';

async function withAdmin(over: Parameters<typeof tipHarness>[0] = {}) {
  const h = await tipHarness(over);
  await h.stores.identities.insert({ id: 'admin-1', displayName: '管理员', role: 'admin', username: 'admin', createdAt: new Date() });
  await h.stores.identities.bind('web:admin', 'admin-1');
  const admin = h.chat('web:admin');
  const invite = async (args: string) => {
    await admin.say(`/invite ${args}`);
    return /邀请码：(\w+)/.exec(admin.textOf())?.[1] ?? '';
  };
  return { ...h, admin, invite };
}

describe('officials bind a chat with a one-time invite code', () => {
  it('binds a town official, who then sees the town cases; the code works once', async () => {
    const h = await withAdmin();
    const code = await h.invite('town nancun');
    expect(h.admin.textOf()).toContain('镇（乡）应急管理中心（南村镇）');
    const zhang = h.chat('tg:7001');
    await zhang.send({ kind: 'text', text: `/bind ${code}`, senderName: '张三' });
    expect(zhang.textOf()).toContain('绑定成功：张三');
    expect(await h.stores.identities.byChat('tg:7001')).toMatchObject({ role: 'town_official', townId: 'nancun', displayName: '张三' });
    await zhang.say('/cases');
    expect(zhang.textOf()).toContain('暂无案件');

    const other = h.chat('tg:7002');
    await other.say(`/bind ${code}`);
    expect(other.textOf()).toContain('邀请码无效、已使用或已过期');
    expect(await h.stores.identities.byChat('tg:7002')).toBeNull();
  });

  it('refuses an expired code', async () => {
    let now = new Date('2026-06-01T00:00:00Z');
    const h = await withAdmin({ over: { clock: { now: () => now } } });
    const code = await h.invite('county');
    now = new Date('2026-06-09T00:00:00Z');
    const late = h.chat('tg:7003');
    await late.say(`/bind ${code}`);
    expect(late.textOf()).toContain('已过期');
  });

  it('lets only county officials and admins invite, and only admins invite admins', async () => {
    const h = await withAdmin();
    const code = await h.invite('county');
    const li = h.chat('tg:7004');
    await li.say(`/bind ${code}`);
    await li.say('/invite admin');
    expect(li.textOf()).toContain('您没有权限');
    await li.say('/invite town');
    expect(li.textOf()).toContain('镇（乡）ID 不存在');
    await li.say('/invite mayor');
    expect(li.textOf()).toContain('用法：/invite');
    const worker = h.chat('tg:7005');
    await worker.say('/invite town nancun');
    expect(worker.textOf()).toContain('您没有权限');
  });

  it('never binds in a group, where the code would be public', async () => {
    const h = await withAdmin();
    const code = await h.invite('county');
    const group = talk(h.handler, 'tg:-1001');
    await group.send({ kind: 'text', text: `/bind ${code}`, sender: 'tg:7006' });
    expect(group.textOf()).toContain('私聊');
    const later = h.chat('tg:7006');
    await later.say(`/bind ${code}`);
    expect(later.textOf()).toContain('绑定成功');
  });

  it('binds a work group to a town for an official of that town or of the county', async () => {
    const h = await withAdmin();
    await h.chat('tg:7010').say(`/bind ${await h.invite('town nancun')}`);
    const group = talk(h.handler, 'tg:-1002');
    await group.send({ kind: 'text', text: '/bindgroup bagong', sender: 'tg:7010' });
    expect(group.textOf()).toContain('只能为本镇绑定');
    await group.send({ kind: 'text', text: '/bindgroup nancun', sender: 'tg:7999' });
    expect(group.textOf()).toContain('只有已绑定的应急管理人员');
    await group.send({ kind: 'text', text: '/bindgroup nancun', sender: 'tg:7010' });
    expect(group.textOf()).toContain('本群已绑定南村镇');
    await group.send({ kind: 'text', text: '/bindgroup nancun', sender: 'tg:7010' });
    expect((await h.stores.towns.get('nancun'))?.groupChats).toEqual(['tg:-1002']);

    const priv = h.chat('tg:7010');
    await priv.say('/bindgroup nancun');
    expect(priv.textOf()).toContain('请在要接收推送的工作群里发送');
  });
});
