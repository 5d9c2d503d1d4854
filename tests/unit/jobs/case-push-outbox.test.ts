import { afterEach, describe, expect, it } from 'vitest';
import { applyCommand, newCase, type Actor, type Case } from '../../../domain/index.js';
import { saveCaseChange } from '../../../handlers/case-change.js';
import type { HandlerDeps } from '../../../handlers/index.js';
import { caseNotice, deliverNotices } from '../../../handlers/notify.js';
import { createCasePushOutbox } from '../../../jobs/case-push-outbox.js';
import { createDelivery } from '../../../jobs/delivery.js';
import { createSqliteCaseOutbox } from '../../../stores/sqlite/case-outbox.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { createSqliteJobStores } from '../../../stores/sqlite/jobs-stores.js';
import { sqliteNotificationRepo } from '../../../stores/sqlite/notifications.js';
import { ManualClock, RecordingChat, silentLogger } from '../../fixtures/jobs/manual-clock.js';
import { handlerDeps } from '../../support/handler-harness.js';

const start = new Date('2026-06-20T02:00:00Z');
const official: Actor = { id: 'o1', role: 'town_official', townId: 'bagong' };
const rival: Actor = { id: 'o2', role: 'town_official', townId: 'bagong' };
const reporterChats = ['web:reporter-tab', 'tg:501'];

let closeAll: (() => void) | undefined;
afterEach(() => closeAll?.());

/** A registered worker report on SQLite, the outbox over the jobs' delivery log, and a clock moved by hand. */
async function setup() {
  const stores = await openSqliteStores({ file: ':memory:' });
  closeAll = () => void stores.close();
  const clock = new ManualClock(start);
  const chat = new RecordingChat();
  const outbox = createSqliteCaseOutbox(stores.db);
  const notifications = sqliteNotificationRepo(stores.db);
  /** What the tip service was handed (it tells an opted-in tipster, once per status). */
  const tipsMoved: string[] = [];
  const pushes = createCasePushOutbox({
    outbox,
    cases: stores.cases,
    delivery: createDelivery({ log: createSqliteJobStores(stores.db).deliveries, chat, clock }),
    notify: (notices) => deliverNotices(deps(), notices),
    tipMoved: async (c) => void tipsMoved.push(`${c.number} ${c.status}`),
    clock,
    logger: silentLogger,
  });
  await stores.identities.insert({ id: 'w1', displayName: '张三', role: 'worker', createdAt: start });
  for (const c of reporterChats) await stores.identities.bind(c, 'w1');
  let c = newCase({ id: 'case-1', number: 'ZZ-2026-000001', source: 'worker_report', description: '配电箱门损坏，电线裸露', photos: [], reporterId: 'w1' }, { id: 'w1', role: 'worker' }, start);
  c = applyCommand(c, { action: 'register', townId: 'bagong' }, official, start);
  await stores.cases.insert(c);
  const stored = (await stores.cases.get('case-1'))!;
  const deps = (over: Partial<HandlerDeps> = {}) => handlerDeps(stores, { clock, chat, casePushes: pushes, notifications, ...over });
  /** The writer's process dies right after the case write: nothing after it runs. */
  const dying = deps({ casePushes: { ...pushes, deliver: async () => undefined } });
  const assess = (base: Case, by: Actor) => applyCommand(base, { action: 'assess', severity: 'general', deadline: new Date('2026-07-05T10:00:00Z') }, by, clock.now());
  const pushesTo = (target: string) => chat.to(target).filter((t) => t.includes('ZZ-2026-000001'));
  /** An anonymous tip, registered: its tipster hears of each status it moves to. */
  const registeredTip = async (id: string, number: string) => {
    const tip = newCase({ id, number, source: 'anonymous_tip', description: '夜间违规动火作业', photos: [] }, { id: 'anon', role: 'worker' }, start);
    await stores.cases.insert(applyCommand(tip, { action: 'register', townId: 'bagong' }, official, start));
    return (await stores.cases.get(id))!;
  };
  return { stores, clock, chat, outbox, notifications, tipsMoved, pushes, deps, dying, stored, assess, pushesTo, registeredTip };
}

describe('case-change pushes through the outbox', () => {
  it('tells the reporter on each of their other chats once, and leaves nothing behind', async () => {
    const s = await setup();
    const saved = await saveCaseChange(s.deps(), s.stored, s.assess(s.stored, official), 'web:official-tab');
    expect(saved.status).toBe('assessed');
    for (const target of reporterChats) expect(s.pushesTo(target)).toHaveLength(1);
    expect(s.pushesTo('web:reporter-tab')[0]).toContain('已评估');
    s.clock.advance(60_000);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 0, waiting: 0 });
    expect(s.chat.sent).toHaveLength(2);
  });

  it('sends the push of a writer that died right after the case write, once, however many replicas sweep', async () => {
    const s = await setup();
    await saveCaseChange(s.dying, s.stored, s.assess(s.stored, official));
    expect(s.chat.sent).toHaveLength(0);
    // Still its writer's to send for a few seconds; then every replica's sweeper may find it at the same moment.
    expect(await s.pushes.sweep()).toMatchObject({ sent: 0 });
    s.clock.advance(6_000);
    await Promise.all([s.pushes.sweep(), s.pushes.sweep(), s.pushes.sweep()]);
    for (const target of reporterChats) expect(s.pushesTo(target)).toEqual([expect.stringContaining('已评估')]);
    // A sweeper that met another's claim leaves the intent; a later sweep finds every target sent and forgets it.
    await s.pushes.sweep();
    s.clock.advance(600_000);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 0, waiting: 0 });
    expect(s.chat.sent).toHaveLength(2);
  });

  it('sends nothing for a change that lost its race, even when the loser died before forgetting it', async () => {
    const s = await setup();
    // Both officials read version N; the rival writes first, so the official's write of N+1 is refused.
    await saveCaseChange(s.deps(), s.stored, s.assess(s.stored, rival));
    s.clock.advance(1);
    const losing = s.assess(s.stored, official);
    const keepsIntent = s.deps({ casePushes: { ...s.pushes, discard: async () => undefined } });
    await expect(saveCaseChange(keepsIntent, s.stored, losing)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    s.clock.advance(6_000);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 1, waiting: 0 });
    for (const target of reporterChats) expect(s.pushesTo(target)).toHaveLength(1); // the rival's change only
  });

  it('waits for a change recorded but not yet written, and drops it once it can no longer land', async () => {
    const s = await setup();
    const next = s.assess(s.stored, official);
    const event = next.history.at(-1)!;
    const mark = { at: event.at, actorId: event.actorId, action: event.action };
    await s.pushes.record({ id: 'case-1:late', caseId: 'case-1', version: s.stored.version + 1, event: mark, pushes: [{ target: 'tg:501', messages: [{ kind: 'text', text: 'ZZ-2026-000001 已评估' }] }], recordedAt: s.clock.now() });
    s.clock.advance(60_000);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 0, waiting: 1 });
    s.clock.advance(10 * 60_000);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 1, waiting: 0 });
    expect(s.chat.sent).toHaveLength(0);
  });

  it('keeps a push the channel refused for the next sweep, without repeating the chats it reached', async () => {
    const s = await setup();
    s.chat.failing = (c) => c.startsWith('tg:');
    await saveCaseChange(s.deps(), s.stored, s.assess(s.stored, official));
    expect(s.pushesTo('web:reporter-tab')).toHaveLength(1);
    expect(s.pushesTo('tg:501')).toHaveLength(0);
    s.chat.failing = () => false;
    s.clock.advance(6_000);
    expect(await s.pushes.sweep()).toMatchObject({ sent: 1 });
    for (const target of reporterChats) expect(s.pushesTo(target)).toHaveLength(1);
  });

  it('gives each official a notice the change owes once, also when its writer died right after the write', async () => {
    const s = await setup();
    for (const id of ['o5', 'o6']) {
      await s.stores.identities.insert({ id, displayName: id, role: 'town_official', townId: 'bagong', createdAt: start });
      await s.stores.identities.bind(`web:${id}`, id);
    }
    const officials = [(await s.stores.identities.get('o5'))!, (await s.stores.identities.get('o6'))!];
    const owed = (eventKey: string) => ({
      notices: [caseNotice(s.deps(), officials, { kind: 'review_requested', eventKey, caseNumber: 'ZZ-2026-000001', text: (t) => t('notify.reviewRequested', { number: 'ZZ-2026-000001' }) }, 'web:o6')],
    });
    await saveCaseChange(s.dying, s.stored, s.assess(s.stored, official), undefined, owed('review:case-1:2'));
    expect(s.pushesTo('web:o5')).toEqual([]);
    s.clock.advance(6_000);
    await Promise.all([s.pushes.sweep(), s.pushes.sweep(), s.pushes.sweep()]);
    await s.pushes.sweep();
    s.clock.advance(600_000);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 0, waiting: 0 });
    expect(s.pushesTo('web:o5')).toEqual([expect.stringContaining('已整改并申请复核')]);
    expect(s.pushesTo('web:o6')).toEqual([]); // the chat the change was made in
    expect((await s.notifications.list('o6', { limit: 10 })).items.map((n) => n.kind)).toEqual(['review_requested']);
    // A writer that lives delivers at once; the outbox keeps nothing.
    const now = (await s.stores.cases.get('case-1'))!;
    await saveCaseChange(s.deps(), now, { ...now, history: [...now.history, { ...now.history.at(-1)!, at: s.clock.now() }] }, undefined, owed('review:case-1:3'));
    expect(s.pushesTo('web:o5')).toHaveLength(2);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 0, waiting: 0 });
  });

  it('hands the tip service an anonymous tip whose status moved, also when its writer died right after the write', async () => {
    const s = await setup();
    const stored = await s.registeredTip('tip-1', 'ZZ-2026-000002');
    await saveCaseChange(s.dying, stored, s.assess(stored, official));
    expect(s.tipsMoved).toEqual([]);
    s.clock.advance(6_000);
    await s.pushes.sweep();
    expect(s.tipsMoved).toEqual(['ZZ-2026-000002 assessed']);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 0, waiting: 0 });
    // A change that leaves the status where it was owes the tipster nothing: nothing is recorded for it.
    const now = (await s.stores.cases.get('tip-1'))!;
    await saveCaseChange(s.dying, now, { ...now, history: [...now.history, { ...now.history.at(-1)!, at: s.clock.now() }] });
    s.clock.advance(6_000);
    await s.pushes.sweep();
    expect(s.tipsMoved).toHaveLength(1);
  });

  it("hands the tip service a live writer's change once: the writer tells it, the outbox does not tell it again", async () => {
    const s = await setup();
    const stored = await s.registeredTip('tip-2', 'ZZ-2026-000003');
    const told: string[] = [];
    await saveCaseChange(s.deps({ onCaseChanged: async (c) => void told.push(`${c.number} ${c.status}`) }), stored, s.assess(stored, official));
    expect(told).toEqual(['ZZ-2026-000003 assessed']);
    s.clock.advance(6_000);
    expect(await s.pushes.sweep()).toEqual({ sent: 0, dropped: 0, waiting: 0 });
    expect(s.tipsMoved).toEqual([]);
  });
});
