import { describe, expect, it } from 'vitest';
import { applyCommand, newCase, type Actor } from '../../../domain/index.js';
import { createConversationHandler } from '../../../handlers/conversation.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { sqliteExpertLoopRepo } from '../../../stores/sqlite/expert-loops.js';
import { handlerDeps, talk } from '../../support/handler-harness.js';
import { jintaiFoundry } from '../../support/sample-data.js';

/** The /service dialog where the loop moved on under the expert, and for people it is not theirs. */
async function world() {
  const stores = await openSqliteStores({ file: ':memory:' });
  await stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
  await stores.enterprises.insert(jintaiFoundry());
  const now = new Date('2026-09-01T02:00:00Z');
  await stores.identities.insert({ id: 'zhao', displayName: '赵工', role: 'expert', enterpriseIds: ['ent-1'], createdAt: now });
  await stores.identities.bind('web:zhao', 'zhao');
  const handler = createConversationHandler(handlerDeps(stores, { clock: { now: () => now }, expertLoops: sqliteExpertLoopRepo(stores.db) }));
  const expert: Actor = { id: 'zhao', role: 'expert', enterpriseIds: ['ent-1'] };
  const openFinding = async () => {
    let c = newCase({ id: 'f1', number: 'ZZ-2026-000001', source: 'expert_service', description: '铸造车间地坑积水', photos: [], enterpriseId: 'ent-1' }, expert, now);
    c = applyCommand(c, { action: 'register', townId: 'nancun', enterpriseId: 'ent-1' }, { id: 'o', role: 'town_official', townId: 'nancun' }, now);
    await stores.cases.insert(c);
  };
  return { stores, handler, openFinding };
}

describe('/service in the chat', () => {
  it('a finding reported while the expert types the 复核 refuses it with the open numbers, keeps nothing half-done, and shows the loop', async () => {
    const w = await world();
    const zhao = talk(w.handler, 'web:zhao');
    await zhao.choose('x:ent-1:visit');
    await zhao.say('有限空间作业检查，现场指导');
    await zhao.choose(zhao.button('x:ent-1:review'));
    await w.openFinding();
    await zhao.say('均已整改');
    expect(zhao.textOf()).toContain('尚有问题隐患未销号：ZZ-2026-000001');
    expect(zhao.textOf()).toContain('当前阶段：整改');
    expect(() => zhao.button('x:ent-1:review')).toThrow();
    // The dialog is over: the next text is not taken as a 复核 opinion.
    await zhao.say('均已整改');
    expect(zhao.textOf()).not.toContain('已记录复核意见');
  });

  it('an old button for a step not open now says so; someone not of this enterprise is told it is not found', async () => {
    const w = await world();
    const zhao = talk(w.handler, 'web:zhao');
    await zhao.choose('x:ent-1:improve');
    expect(zhao.textOf()).toContain('专家服务闭环当前阶段不能执行此步骤');
    expect(zhao.textOf()).toContain('当前阶段：帮扶');
    const stranger = talk(w.handler, 'web:someone');
    await stranger.choose('x:ent-1');
    expect(stranger.textOf()).toContain('没有找到');
    expect(stranger.textOf()).not.toContain('金泰');
    await stranger.choose('x:ent-1:visit');
    expect(stranger.textOf()).not.toContain('请输入本次帮扶情况');
  });
});
