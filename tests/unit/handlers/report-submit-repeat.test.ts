import { afterEach, describe, expect, it } from 'vitest';
import type { CaseRepo, ChatPort, DialogRepo, Outbound } from '../../../domain/index.js';
import { createConversationHandler } from '../../../handlers/index.js';
import { notifyCaseOfficials } from '../../../handlers/notify.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';
import { sqliteNotificationRepo } from '../../../stores/sqlite/notifications.js';
import { handlerDeps, talk } from '../../support/handler-harness.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** A report with no enterprise, no photo and no location, up to its confirm step. */
async function toConfirm(c: ReturnType<typeof talk>) {
  await c.say('/report');
  await c.choose('r:noent');
  await c.say('高炉风口平台护栏缺失，高处作业无防护');
  await c.choose('r:photos_done');
  await c.choose('r:loc_skip');
}

/**
 * A report dialog up to the confirm step, on a dialog store that can lose the submit step's save the way it is lost
 * across replicas (another step of the chat saved first, or the replica died after the case insert): the case is in,
 * the chat still stands at "confirm", and the person presses 提交 again.
 */
async function atConfirm() {
  const stores = await openSqliteStores({ file: ':memory:' });
  close = () => stores.close();
  let loseNextSave = false;
  const dialogs: DialogRepo = {
    ...stores.dialogs,
    get: (chat) => stores.dialogs.get(chat),
    delete: (chat, version) => (loseNextSave ? ((loseNextSave = false), Promise.resolve(false)) : stores.dialogs.delete(chat, version)),
    put: (chat, state, version) => (loseNextSave ? ((loseNextSave = false), Promise.resolve(false)) : stores.dialogs.put(chat, state, version)),
  };
  const c = talk(createConversationHandler(handlerDeps({ ...stores, dialogs })), 'web:reporter');
  await toConfirm(c);
  expect(c.button('r:submit')).toBe('r:submit');
  const cases = async () => (await stores.cases.list({}, { limit: 10 })).items;
  return { c, cases, loseSubmitSave: () => (loseNextSave = true), handler: createConversationHandler(handlerDeps({ ...stores, dialogs })) };
}

describe('上报隐患: a submit repeated after its answer was lost files one case', () => {
  it('answers the repeat with the case the first submit made, under its number', async () => {
    const { c, cases, loseSubmitSave } = await atConfirm();
    loseSubmitSave();
    await c.choose('r:submit');
    expect(c.textOf()).toContain('请再发送一次');
    const [first, ...more] = await cases();
    expect(more).toEqual([]);
    await c.choose('r:submit');
    expect(c.textOf()).toContain(first!.number);
    expect(await cases()).toHaveLength(1);
    // The dialog is done now: a new report starts afresh and files a second case under the next number.
    await c.choose('r:submit');
    expect(await cases()).toHaveLength(1);
    await c.say('/report');
    await c.choose('r:noent');
    await c.say('配电箱门损坏，电线裸露在外');
    await c.choose('r:photos_done');
    await c.choose('r:loc_skip');
    await c.choose('r:submit');
    const numbers = (await cases()).map((x) => x.number).sort();
    expect(first!.number).toMatch(/-000001$/);
    expect(numbers).toEqual([first!.number, first!.number.replace(/000001$/, '000002')]);
  });

  it('files one case when two replicas run the same submit at once', async () => {
    const { c, cases, handler } = await atConfirm();
    const other = talk(handler, 'web:reporter');
    const [a, b] = await Promise.all([c.choose('r:submit'), other.choose('r:submit')]);
    const [only, ...more] = await cases();
    expect(more).toEqual([]);
    // Whichever dialog save came second is asked to resend; the other answers with the one case's number.
    const said = [a, b].map((r) => c.textOf(r));
    expect(said.filter((x) => x.includes(only!.number)).length).toBeGreaterThanOrEqual(1);
    expect(said.every((x) => x.includes(only!.number) || x.includes('请再发送一次'))).toBe(true);
    expect(await cases()).toHaveLength(1);
  });

  it('tells the officials of a case whose first submit died after filing it, once', async () => {
    const stores = await openSqliteStores({ file: ':memory:' });
    close = () => stores.close();
    await stores.identities.insert({ id: 'duty', displayName: '值班员', role: 'county_official', createdAt: new Date() });
    await stores.identities.bind('web:duty', 'duty');
    const sent: Array<{ chat: string; messages: Outbound[] }> = [];
    const chat: ChatPort = { send: async (to, messages) => void sent.push({ chat: to, messages }) };
    // The process dies right after the insert: the case is filed, nobody was told, the chat still stands at "confirm".
    let dieAfterInsert = true;
    const cases: CaseRepo = {
      ...stores.cases,
      insertNumbered: async (k, prefix, year) => {
        const filed = await stores.cases.insertNumbered(k, prefix, year);
        if (dieAfterInsert) {
          dieAfterInsert = false;
          throw new Error('process killed');
        }
        return filed;
      },
    };
    const deps = handlerDeps({ ...stores, cases }, { chat, notifications: sqliteNotificationRepo(stores.db) });
    const c = talk(createConversationHandler(deps), 'web:reporter');
    await toConfirm(c);
    await c.choose('r:submit');
    const [filed] = (await stores.cases.list({}, { limit: 10 })).items;
    const toDuty = () => sent.filter((m) => m.chat === 'web:duty' && c.textOf(m.messages).includes(filed!.number));
    expect(toDuty()).toEqual([]);
    await c.choose('r:submit');
    expect(c.textOf()).toContain(filed!.number);
    expect(toDuty()).toHaveLength(1);
    // Asked again (a repeat whose first submit did tell them): nobody hears it twice.
    await notifyCaseOfficials(deps, filed!);
    expect(toDuty()).toHaveLength(1);
  });
});

describe('a step outside any dialog', () => {
  it('writes nothing to the dialog store, so it cannot be told to resend because another step began a dialog', async () => {
    const stores = await openSqliteStores({ file: ':memory:' });
    close = () => stores.close();
    const writes: string[] = [];
    const dialogs: DialogRepo = {
      get: (chat) => stores.dialogs.get(chat),
      put: (chat, state, version) => (writes.push(`put ${version}`), stores.dialogs.put(chat, state, version)),
      delete: (chat, version) => (writes.push(`delete ${version}`), stores.dialogs.delete(chat, version)),
    };
    const c = talk(createConversationHandler(handlerDeps({ ...stores, dialogs })), 'web:asker');
    await c.say('/help');
    await c.say('/cancel');
    expect(writes).toEqual([]);
    await c.say('/report');
    await c.say('/cancel');
    expect(writes).toEqual(['put 0', expect.stringMatching(/^delete [1-9]/)]);
  });
});
