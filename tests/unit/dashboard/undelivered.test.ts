import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { undeliveredBlock } from '../../../dashboard/cases/undelivered.js';
import { UndeliverableError, type ChatPort } from '../../../domain/index.js';
import { createDelivery } from '../../../jobs/delivery.js';
import { createSqliteJobStores } from '../../../stores/sqlite/jobs-stores.js';

describe('the case page lists reminders no channel could deliver', () => {
  it('shows the refused chat and the platform reason, and nothing when all went out', async () => {
    const db = new Database(':memory:');
    const { deliveries } = createSqliteJobStores(db);
    const chat: ChatPort = {
      async send(target) {
        if (target === 'wecombot:lisi') throw new UndeliverableError(target, 'the bot cannot push to this person and their town has no group robot');
      },
    };
    const delivery = createDelivery({ log: deliveries, chat, clock: { now: () => new Date('2026-06-01T01:00:00Z') } });
    await delivery.deliverAll(['tg:100', 'wecombot:lisi'], 'case:c1', 't-1@2026-06-02', [{ kind: 'text', text: '明天到期' }]);
    const block = String(await undeliveredBlock(deliveries, 'c1'));
    expect(block).toContain('未送达的提醒（1）');
    expect(block).toContain('企业微信机器人 lisi');
    expect(block).toContain('town has no group robot');
    expect(block).not.toContain('tg:100');
    expect(await undeliveredBlock(deliveries, 'other-case')).toBeUndefined();
    db.close();
  });
});
