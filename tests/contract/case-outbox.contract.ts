import { describe, expect, it } from 'vitest';
import { intentId, type CaseChangeIntent, type CaseOutbox } from '../../domain/case-outbox.js';

/** One suite for the case-change outbox; each runner gives a fresh, empty outbox per test. */
export function caseOutboxContract(name: string, fresh: () => Promise<CaseOutbox>): void {
  const t0 = new Date('2026-06-01T01:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const intent = (caseId: string, version: number, recorded: number, actorId = 'zhang'): CaseChangeIntent => {
    const event = { at: at(recorded), actorId, action: 'assess' };
    return {
      id: intentId(caseId, version, event),
      caseId,
      version,
      event,
      // Button rows are nested arrays, which FerretDB cannot store as such.
      pushes: [{ target: 'web:s1', messages: [{ kind: 'text', text: `ZZ-2026-00000${version} · 已评估`, choices: [[{ label: '查看', value: 'c:1' }]] }] }],
      recordedAt: at(recorded),
    };
  };

  describe(`case outbox contract: ${name}`, () => {
    it('round-trips an intent with its pushes and event, and lists it only once it is older than the bound', async () => {
      const o = await fresh();
      const i = intent('case-1', 3, 10);
      await o.put(i);
      expect(await o.recordedBefore(at(10), 10)).toEqual([]);
      expect(await o.recordedBefore(at(11), 10)).toEqual([i]);
    });

    it('round-trips the personal notices an intent owes and its tip mark', async () => {
      const o = await fresh();
      const i: CaseChangeIntent = {
        ...intent('case-1', 4, 10),
        notices: [
          {
            kind: 'review_requested',
            eventKey: 'review:case-1:4',
            caseNumber: 'ZZ-2026-000004',
            text: '✅ ZZ-2026-000004 已整改并申请复核。',
            choices: [[{ label: '查看', value: 'c:ZZ-2026-000004' }]],
            people: ['o1', 'o2'],
            exceptChat: 'web:s9',
          },
        ],
        tipMoved: true,
      };
      await o.put(i);
      expect(await o.recordedBefore(at(11), 10)).toEqual([i]);
    });

    it('keeps the first recording of an id: a repeat neither duplicates nor replaces it', async () => {
      const o = await fresh();
      const i = intent('case-1', 3, 10);
      await o.put(i);
      await o.put({ ...i, pushes: [] });
      expect(await o.recordedBefore(at(60), 10)).toEqual([i]);
    });

    it('keeps rival intents for one version apart, lists oldest first up to the limit, and removes by id', async () => {
      const o = await fresh();
      const a = intent('case-1', 2, 5, 'zhang');
      const b = intent('case-1', 2, 6, 'wang');
      const c = intent('case-2', 1, 1);
      for (const i of [a, b, c]) await o.put(i);
      expect((await o.recordedBefore(at(60), 2)).map((i) => i.id)).toEqual([c.id, a.id]);
      await o.remove(a.id);
      await o.remove('no-such-intent');
      expect((await o.recordedBefore(at(60), 10)).map((i) => i.id)).toEqual([c.id, b.id]);
    });
  });
}
