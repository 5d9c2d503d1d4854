import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UndeliverableError, type ChatPort, type ChatRef, type Outbound } from '../../../domain/index.js';
import { isUndeliverableRecord } from '../../../domain/reminders.js';
import { createDelivery } from '../../../jobs/delivery.js';
import { createSqliteJobStores } from '../../../stores/sqlite/jobs-stores.js';

/** A channel where some chats are gone for good (blocked bot, unknown user) and others fail for a while. */
function channel(gone: Set<ChatRef>, flaky: Set<ChatRef>) {
  const attempts: ChatRef[] = [];
  const port: ChatPort = {
    async send(chat) {
      attempts.push(chat);
      if (gone.has(chat)) throw new UndeliverableError(chat, 'Telegram 403: Forbidden: bot was blocked by the user');
      if (flaky.has(chat)) throw new Error('ETIMEDOUT');
    },
  };
  return { port, attempts };
}

describe('delivery of reminders to chats the platform refuses for good', () => {
  it('records a permanent refusal once and never tries that chat again, while transient failures retry', async () => {
    const db = new Database(':memory:');
    const { deliveries } = createSqliteJobStores(db);
    const gone = new Set<ChatRef>(['tg:blocked']);
    const flaky = new Set<ChatRef>(['wecom:slow']);
    const { port, attempts } = channel(gone, flaky);
    const delivery = createDelivery({ log: deliveries, chat: port, clock: { now: () => new Date('2026-06-01T01:00:00Z') } });
    const msg: Outbound[] = [{ kind: 'text', text: '案件 ZZ-2026-000001 明天到期' }];
    const targets = ['tg:blocked', 'wecom:slow', 'tg:ok'];

    // First run: the flaky chat makes the job retry; the blocked one is recorded, not counted as a failure.
    await expect(delivery.deliverAll(targets, 'case:1', 't-1@2026-06-02', msg)).rejects.toThrow(/1\/3 deliveries/);
    const record = await deliveries.get({ target: 'tg:blocked', subject: 'case:1', rung: 't-1@2026-06-02' });
    expect(isUndeliverableRecord(record)).toBe(true);
    expect(record?.lastError).toContain('blocked by the user');

    // Retries: the blocked chat is skipped every time; the flaky one recovers.
    await expect(delivery.deliverAll(targets, 'case:1', 't-1@2026-06-02', msg)).rejects.toThrow();
    flaky.clear();
    expect(await delivery.deliverAll(targets, 'case:1', 't-1@2026-06-02', msg)).toBe(1);
    expect(attempts.filter((c) => c === 'tg:blocked')).toHaveLength(1);
    expect(attempts.filter((c) => c === 'tg:ok')).toHaveLength(1);
    db.close();
  });

  it('does not fail a job whose only problem is a chat that is gone', async () => {
    const db = new Database(':memory:');
    const { deliveries } = createSqliteJobStores(db);
    const { port } = channel(new Set(['tg:blocked']), new Set());
    const delivery = createDelivery({ log: deliveries, chat: port, clock: { now: () => new Date('2026-06-01T01:00:00Z') } });
    expect(await delivery.deliverAll(['tg:blocked'], 'case:2', 'overdue-1@2026-06-01', [{ kind: 'text', text: 'x' }])).toBe(0);
    db.close();
  });
});
