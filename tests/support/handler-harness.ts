import { randomUUID } from 'node:crypto';
import type { Inbound, Outbound, Stores } from '../../domain/index.js';
import { createConversationHandler, type HandlerDeps } from '../../handlers/index.js';
import { openSqliteStores } from '../../stores/sqlite/index.js';

export const silentLog = { info() {}, warn() {}, error() {} };

export function handlerDeps(stores: Stores, over: Partial<HandlerDeps> = {}): HandlerDeps {
  return {
    stores,
    clock: { now: () => new Date() },
    newId: randomUUID,
    casePrefix: 'ZZ',
    photoLimits: { maxBytes: 2 * 1024 * 1024, maxPixels: 40_000_000 },
    defaultLocale: 'zh-CN',
    log: silentLog,
    ...over,
  };
}

/** One chat talking to the real handlers on an in-memory SQLite store. */
export async function chatWith(over: Partial<HandlerDeps> = {}, file = ':memory:') {
  const stores = await openSqliteStores({ file });
  await stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
  await stores.towns.upsert({ id: 'bagong', name: '巴公镇', groupChats: [] });
  const handler = createConversationHandler(handlerDeps(stores, over));
  return { stores, handler, ...talk(handler, 'web:test-chat') };
}

/** Inbound without its chat, kept as a union (plain Omit would merge the variants). */
export type InboundBody = Inbound extends infer T ? (T extends unknown ? Omit<T, 'chat'> : never) : never;

export function talk(handler: { handle(i: Inbound): Promise<Outbound[]> }, chat: string) {
  let last: Outbound[] = [];
  const send = async (i: InboundBody) => (last = await handler.handle({ chat, ...i } as Inbound));
  const textOf = (m: Outbound[] = last) => m.map((x) => (x.kind === 'text' ? x.text : '[photo]')).join('\n');
  return {
    say: (text: string) => send({ kind: 'text', text }),
    choose: (value: string) => send({ kind: 'choice', value }),
    photo: (data: Uint8Array | Uint8Array[], sizeHint?: number) =>
      send({ kind: 'photo', media: ([] as Uint8Array[]).concat(data).map((d) => ({ download: async () => d, sizeHint: sizeHint ?? d.byteLength })) }),
    send,
    textOf,
    last: () => last,
    button(prefix: string): string {
      for (const m of last) if (m.kind === 'text') for (const row of m.choices ?? []) for (const c of row) if (c.value.startsWith(prefix)) return c.value;
      throw new Error(`no button ${prefix} in ${textOf()}`);
    },
  };
}
