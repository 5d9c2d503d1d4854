import type { ChatPort, ChatRef, Outbound } from '../../domain/index.js';
import { createConversationHandler, type HandlerDeps } from '../../handlers/index.js';
import { createTipService, type TipOptions } from '../../handlers/tips/index.js';
import { rateLimitsFrom, sqliteRateLimitBackend } from '../../stores/rate-limit/index.js';
import { openSqliteStores } from '../../stores/sqlite/index.js';
import { createSqliteTipStores } from '../../stores/sqlite/tips-stores.js';
import { handlerDeps, talk } from './handler-harness.js';

/** The handlers with tips and invites wired, on an in-memory (or given) SQLite file; pushes are captured. */
export async function tipHarness(opts: TipOptions & { file?: string; over?: Partial<HandlerDeps> } = {}) {
  const stores = await openSqliteStores({ file: opts.file ?? ':memory:' });
  await stores.towns.upsert({ id: 'nancun', name: '南村镇', groupChats: [] });
  await stores.towns.upsert({ id: 'bagong', name: '巴公镇', groupChats: [] });
  const tipStores = createSqliteTipStores(stores.db);
  const pushes: Array<{ chat: ChatRef; messages: Outbound[] }> = [];
  const chat: ChatPort = { send: async (c, messages) => void pushes.push({ chat: c, messages }) };
  const base = handlerDeps(stores, { chat, rateLimits: rateLimitsFrom(sqliteRateLimitBackend(stores.db)), ...opts.over });
  const tips = createTipService(base, { tips: tipStores.tips, contacts: tipStores.tipContacts, sessions: tipStores.receiptSessions }, opts);
  // As in app/container.ts: a case change also reaches the tip service.
  const handler = createConversationHandler({ ...base, tips, invites: tipStores.invites, onCaseChanged: (c) => tips.onCaseChanged(c) });
  return { stores, tipStores, tips, handler, pushes, chat: (ref: ChatRef) => talk(handler, ref) };
}

/** Walks a tip from /tip to the submission; returns what the tipster wrote down. */
export async function submitTip(c: ReturnType<typeof talk>, opts: { photos?: Uint8Array[]; pin?: string; notify?: boolean } = {}) {
  await c.say('/tip');
  await c.choose('t:go');
  await c.say('某铸造厂熔炼车间夜班长期无人监护，除尘器泄爆片被拆除');
  await c.say('某某铸造厂');
  if (opts.photos) await c.photo(opts.photos);
  await c.choose('t:photos_done');
  if (opts.notify) await c.choose('t:notify_on');
  await c.choose('t:pin');
  const pin = opts.pin ?? 'Zezhou2026';
  await c.say(pin);
  const code = /([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(c.textOf())?.[1] ?? '';
  await c.say(`${code} ${pin}`);
  const number = /ZZ-\d{4}-\d{6}/.exec(c.textOf())?.[0] ?? '';
  return { code, pin, number };
}
