import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { requestMemo, withRequestMemo } from '../../../app/request-memo.js';
import type { Identity, IdentityRepo, TownRepo } from '../../../domain/index.js';
import { openSqliteStores } from '../../../stores/sqlite/index.js';

const worker = (id: string): Identity => ({ id, displayName: '工人', role: 'worker', createdAt: new Date('2026-12-01T00:00:00Z') });

describe('request memo: reads a request repeats go to the store once', () => {
  let stores: Awaited<ReturnType<typeof openSqliteStores>>;
  let byChat: MockInstance<IdentityRepo['byChat']>;
  let townGet: MockInstance<TownRepo['get']>;
  beforeEach(async () => {
    stores = await openSqliteStores({ file: ':memory:' });
    await stores.identities.insert(worker('w1'));
    await stores.identities.insert(worker('w2'));
    await stores.towns.upsert({ id: 'town-a', name: '巴公镇', groupChats: [] });
    // Spied below the memo: what reaches the store.
    byChat = vi.spyOn(stores.identities, 'byChat');
    townGet = vi.spyOn(stores.towns, 'get');
    withRequestMemo(stores);
  });
  afterEach(() => stores.close());

  const serve = (handler: () => Promise<unknown>) => {
    const app = new Hono();
    app.use(requestMemo);
    app.get('/', async (c) => c.json(await handler()));
    return app.request('/');
  };

  it('reads a bound chat and a town once per request, and again in the next request', async () => {
    await stores.identities.bind('web:s1', 'w1');
    const step = async () => {
      const [guard, handler] = [await stores.identities.byChat('web:s1'), await stores.identities.byChat('web:s1')];
      await stores.towns.get('town-a');
      await stores.towns.get('town-a');
      return [guard?.id, handler?.id];
    };
    expect(await (await serve(step)).json()).toEqual(['w1', 'w1']);
    expect(byChat).toHaveBeenCalledTimes(1);
    expect(townGet).toHaveBeenCalledTimes(1);
    await serve(step);
    expect(byChat).toHaveBeenCalledTimes(2);
  });

  it('never keeps "no identity": a step that waited while the chat was bound acts as the new identity', async () => {
    const ids = await (
      await serve(async () => {
        const before = await stores.identities.byChat('web:s2'); // the guard, before the chat lock
        await stores.identities.bind('web:s2', 'w1'); // the chat's previous step, a first report, binds it
        const after = await stores.identities.byChat('web:s2'); // this step, past the lock
        return [before?.id ?? null, after?.id];
      })
    ).json();
    expect(ids).toEqual([null, 'w1']);
  });

  it('forgets what a write in the request may have changed', async () => {
    await stores.identities.bind('web:s3', 'w1');
    const ids = await (
      await serve(async () => {
        const first = await stores.identities.byChat('web:s3');
        await stores.identities.bind('web:s3', 'w2'); // logged in as someone else
        const second = await stores.identities.byChat('web:s3');
        await stores.identities.update({ ...second!, displayName: '新名字' });
        const third = await stores.identities.byChat('web:s3');
        await stores.identities.insert(worker('w3'), 'web:s3'); // an invite made a new identity for this chat
        const fourth = await stores.identities.byChat('web:s3');
        await stores.towns.get('town-a');
        await stores.towns.upsert({ id: 'town-a', name: '巴公镇（新）', groupChats: [] });
        return [first?.id, second?.id, third?.displayName, fourth?.id, (await stores.towns.get('town-a'))?.name];
      })
    ).json();
    expect(ids).toEqual(['w1', 'w2', '新名字', 'w3', '巴公镇（新）']);
  });

  it('reads the store every time outside a request and after the response', async () => {
    await stores.identities.bind('web:s4', 'w1');
    await stores.identities.byChat('web:s4');
    await stores.identities.byChat('web:s4');
    expect(byChat).toHaveBeenCalledTimes(2);
    let later: Promise<unknown> | undefined;
    await serve(async () => {
      await stores.identities.byChat('web:s4');
      later = new Promise((r) => setTimeout(r, 5)).then(() => stores.identities.byChat('web:s4')); // work left running
      return null;
    });
    await later;
    expect(byChat).toHaveBeenCalledTimes(4);
  });
});
