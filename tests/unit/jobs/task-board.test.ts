import { afterEach, describe, expect, it } from 'vitest';
import { isDomainError } from '../../../domain/index.js';
import { parseTaskPlan } from '../../../jobs/plan/task-plan.js';
import { atShanghai } from '../../../jobs/time.js';
import { county, makeService, townOfficial } from './service-setup.js';

let env: ReturnType<typeof makeService> | undefined;
afterEach(() => env?.close());

const plan = `
year: 2026
defaults: { towns: all, remind_days_before: [7, 1] }
tasks:
  - { id: basic-ledger, title: 建立本辖区企业基本信息台账并上报县局, due: 2026-05-31, attachment: true }
  - { id: bagong-only, title: 巴公镇专项, due: 2026-06-30, towns: [bagong] }
`;

describe('town task board', () => {
  it('reminds towns not done, then reports the late ones to the county', async () => {
    env = makeService(atShanghai('2026-05-01', 10));
    await env.service.syncTaskPlan(parseTaskPlan(plan, ['bagong', 'gaodu'], env.clock.now()));
    const ack = await env.service.acknowledgeTask(townOfficial, 'basic-ledger');
    expect(ack).toEqual({ changed: true });
    expect((await env.service.acknowledgeTask(townOfficial, 'basic-ledger')).note).toMatch(/^already acknowledged on 2026-05-01/);

    await env.runUntil(atShanghai('2026-05-24', 10));
    expect(env.chat.to('tg:-100bagong')).toEqual(['📋 巴公镇：工作任务“建立本辖区企业基本信息台账并上报县局”距完成时限还有7天（2026-05-31），尚未报送完成情况。标记完成时请上传相关材料。']);
    expect(env.chat.to('wecom:lisi')).toHaveLength(1); // the town official's own chat too
    expect(env.chat.to('tg:-100gaodu')).toHaveLength(1);

    await expect(env.service.completeTask(townOfficial, 'basic-ledger', {})).rejects.toSatisfy((e) => isDomainError(e, 'INVALID_INPUT'));
    const done = await env.service.completeTask(townOfficial, 'basic-ledger', { attachment: { id: 'm1', name: '巴公镇台账.xlsx' } });
    expect(done).toEqual({ changed: true, late: false });
    expect((await env.service.completeTask(townOfficial, 'basic-ledger', { attachment: { id: 'm2' } })).changed).toBe(false);

    await env.runUntil(atShanghai('2026-06-01', 10));
    expect(env.chat.to('tg:-100bagong')).toHaveLength(1);
    expect(env.chat.to('tg:-100gaodu').at(-1)).toContain('已超过完成时限（2026-05-31）');
    expect(env.chat.to('tg:-100county')).toEqual(['📣 工作任务“建立本辖区企业基本信息台账并上报县局”（时限2026-05-31）截至目前未完成的镇：高都镇。']);

    const late = await env.service.lateTowns();
    expect(late.map((s) => [s.task.id, s.towns.map((t) => t.townId)])).toEqual([['basic-ledger', ['gaodu']]]);
    const [status] = await env.service.townTaskStatus('basic-ledger');
    expect(status?.towns.map((t) => [t.townName, t.state, t.late])).toEqual([
      ['巴公镇', 'done', false],
      ['高都镇', 'pending', true],
    ]);
  });

  it('lets the county add a task and only the county', async () => {
    env = makeService(atShanghai('2026-05-01', 10));
    const input = { id: 'dust-alarm', title: '粉尘涉爆企业接入预警系统', due: '2026-12-31', townIds: ['gaodu'] };
    await expect(env.service.addTask(townOfficial, input)).rejects.toSatisfy((e) => isDomainError(e, 'FORBIDDEN'));
    const t = await env.service.addTask(county, input);
    expect(t).toMatchObject({ source: 'official', createdBy: 'c1', townIds: ['gaodu'], remindDaysBefore: [7, 3, 1, 0] });
    await expect(env.service.addTask(county, input)).rejects.toSatisfy((e) => isDomainError(e, 'DUPLICATE'));
    await expect(env.service.addTask(county, { ...input, id: 'x', townIds: ['nowhere'], due: '2026-02-30' })).rejects.toThrow(
      /due: must be a calendar day/,
    );
    await expect(env.service.acknowledgeTask(townOfficial, 'dust-alarm')).rejects.toSatisfy((e) => isDomainError(e, 'INVALID_INPUT'));
    const up = await env.service.upcomingDeadlines({ townId: 'gaodu', days: 365 });
    expect(up.tasks.map((x) => [x.task.id, x.openTownIds])).toEqual([['dust-alarm', ['gaodu']]]);
  });
});
