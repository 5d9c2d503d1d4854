import { applyCommand, formatCaseNumber, newCase } from '../../../domain/index.js';
import type { Actor, Case, Command, Stores } from '../../../domain/index.js';
import { createAccount } from '../../../handlers/accounts.js';
import { phonePhoto } from '../../support/images.js';
import { jintaiFoundry } from '../../support/sample-data.js';

const DAY = 86_400_000;

/**
 * A county's week to work through: officials of two towns and the county, an enterprise, and cases in every
 * state that matters (new, overdue in rectification, a major one under 挂牌督办, an anonymous tip, one closed
 * last month). Cases are driven through the real workflow at past instants so their histories are genuine.
 */
export async function seedCountyWeek(stores: Stores, now = new Date()) {
  const accounts = { identities: stores.identities, towns: stores.towns, newId: () => crypto.randomUUID(), now: () => now };
  const admin = (await stores.identities.list({ role: 'admin' }))[0]!;
  const by = { id: admin.id, role: admin.role };
  const county = await createAccount(accounts, by, { username: 'lisi', role: 'county_official', displayName: '李四' });
  const town = await createAccount(accounts, by, { username: 'zhang', role: 'town_official', townId: 'nancun', displayName: '张镇长' });
  const other = await createAccount(accounts, by, { username: 'wang', role: 'town_official', townId: 'bagong', displayName: '王主任' });
  // Their one-time passwords count as changed: these tests are about the week's work, not the first login.
  for (const a of [county, town, other]) await stores.identities.update({ ...a.identity, mustChangePassword: false });
  // A colleague who assessed the cases, so the town official may review them (reviewer ≠ assessor).
  const assessor: Actor = { id: 'assessor-1', role: 'county_official', name: '赵评估' };

  await stores.enterprises.insert(jintaiFoundry({ id: 'ent-jintai' }));
  const photo = await stores.media.put(await phonePhoto(), { mime: 'image/jpeg' });

  // Numbers from the store's counter, as the chat and the tip service take theirs.
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  const drive = async (opts: { at: Date; townId?: string; description: string; source?: Case['source']; commands?: Command[]; enterprise?: boolean }) => {
    const reporter = { id: opts.source === 'anonymous_tip' ? 'anonymous' : 'worker-1', role: 'worker' };
    let c = newCase(
      {
        id: crypto.randomUUID(), number: formatCaseNumber('ZZ', year, await stores.cases.nextSequence('ZZ', year)), source: opts.source ?? 'worker_report',
        description: opts.description, townId: opts.townId, photos: [photo],
        ...(opts.enterprise ? { enterpriseId: 'ent-jintai', enterpriseName: '泽州县金泰铸造有限公司' } : { enterpriseName: '某无名小厂' }),
        ...(opts.source === 'anonymous_tip' ? {} : { reporterId: 'worker-1' }),
      },
      reporter,
      opts.at,
    );
    let at = opts.at.getTime();
    for (const cmd of opts.commands ?? []) c = applyCommand(c, cmd, assessor, new Date((at += 3600_000)));
    await stores.cases.insert(c);
    return c;
  };
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  // A case already past its deadline was escalated (督办) then, as the deadline jobs would have done.
  const assess = (days: number, deadlineDays: number, severity: 'general' | 'major' = 'general'): Command[] => [
    { action: 'register', townId: '' },
    { action: 'assess', severity, deadline: new Date(now.getTime() - days * DAY + deadlineDays * DAY), category: '金属冶炼' },
    { action: 'start_rectification' },
    ...(deadlineDays < days ? [{ action: 'escalate', note: '逾期未整改，转县局督办' } as const] : []),
  ];
  const fix = (cmds: Command[], townId: string) => cmds.map((c) => (c.action === 'register' ? { ...c, townId } : c));

  const overdue = await drive({ at: ago(20), townId: 'nancun', enterprise: true, description: '熔炼炉旁冷却水管漏水，地面积水靠近钢包', commands: fix(assess(20, 10), 'nancun') });
  const fresh = await drive({ at: ago(1), townId: 'nancun', description: '除尘器泄爆口被杂物堵塞' });
  const otherTown = await drive({ at: ago(15), townId: 'bagong', description: '有限空间作业未进行气体检测', commands: fix(assess(15, 5), 'bagong') });
  const major = await drive({ at: ago(10), townId: 'nancun', enterprise: true, description: '煤气管道泄漏报警装置失效', commands: fix(assess(10, 30, 'major'), 'nancun') });
  const tip = await drive({ at: ago(2), townId: 'nancun', source: 'anonymous_tip', description: '夜间偷偷生产，消防通道被堵' });
  const closed = await drive({
    at: ago(40), townId: 'bagong', description: '配电箱无防护门',
    commands: [...fix(assess(40, 20), 'bagong'), { action: 'request_review', afterPhotos: [photo] }],
  });
  const closedCase = applyCommand(closed, { action: 'approve' }, { id: county.identity.id, role: 'county_official' }, ago(30));
  await stores.cases.update(closedCase);

  return { county, town, other, cases: { overdue, fresh, otherTown, major, tip, closed: closedCase } };
}
