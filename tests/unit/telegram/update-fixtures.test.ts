import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Update, UserFromGetMe } from 'grammy/types';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramBot, type TelegramBotOptions } from '../../../bot/telegram/index.js';
import type { ConversationHandler } from '../../../handlers/index.js';
import { phonePhoto } from '../../support/images.js';
import { tipHarness } from '../../support/tip-harness.js';
import { rateLimitsFrom, sqliteRateLimitBackend } from '../../../stores/rate-limit/index.js';
import { sqliteButtonTokens } from '../../../stores/button-tokens/sqlite.js';

const TOKEN = '7000000001:AAHtestTokenForFixturesOnly_abcdef';
const botInfo: UserFromGetMe = {
  id: 7000000001, is_bot: true, first_name: 'TownBot', username: 'town_test_bot', can_join_groups: true,
  can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false,
  has_topics_enabled: false, allows_users_to_create_topics: false, can_manage_bots: false, supports_join_request_queries: false,
};

/** A real update from shared/fixtures/telegram-updates, without its `_source` note. */
function fixture(name: string): Update {
  const raw = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/telegram-updates', `${name}.json`), 'utf8')) as Record<string, unknown>;
  delete raw._source;
  return raw as unknown as Update;
}

/** The bot on the real handlers, its Bot API calls answered and recorded by a transformer (REFERENCE §2.9). */
async function fixtureBot(over: Partial<TelegramBotOptions> = {}, h?: Awaited<ReturnType<typeof tipHarness>>) {
  const world = h ?? (await tipHarness());
  const calls: Array<{ method: string; payload: Record<string, unknown> }> = [];
  const tg = createTelegramBot({
    token: TOKEN, apiRoot: 'http://tg.test', botInfo, handler: world.handler, media: world.stores.media,
    dedup: world.tipStores.updateDedup, log: { info() {}, warn() {}, error() {} }, throttle: { global: {}, group: {}, out: {} },
    rateLimits: rateLimitsFrom(sqliteRateLimitBackend(world.stores.db)), buttonTokens: sqliteButtonTokens(world.stores.db), ...over,
  });
  tg.bot.api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    const result = method === 'getFile' ? { file_id: 'x', file_unique_id: 'u', file_size: 1000, file_path: 'photos/file_1.jpg' } : method === 'sendMessage' ? { message_id: 1, date: 0, chat: { id: 1, type: 'private' } } : true;
    return { ok: true, result } as never;
  });
  const handle = async (u: Update) => {
    await tg.bot.handleUpdate(structuredClone(u));
    await tg.drain();
  };
  return { ...tg, world, calls, handle, sent: () => calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text)) };
}

afterEach(() => nock.cleanAll());

describe('Telegram updates from the shared fixtures, through bot.handleUpdate', () => {
  it('a private photo: the largest size is fetched and starts a report draft, in English for an English client', async () => {
    nock('http://tg.test').get(`/file/bot${TOKEN}/photos/file_1.jpg`).reply(200, await phonePhoto());
    const t = await fixtureBot();
    await t.handle(fixture('photo-message-private'));
    expect(t.calls.find((c) => c.method === 'getFile')?.payload.file_id).toBe(
      'AgACAgIAAxkBAAN0YGcNFhTg9v2fpl5DHsgz0Nw_ElkAAiSzMRv9YTFLzjcXgUKkVQEg0CybLgADAQADAgADeQADiLgFAAEeBA',
    );
    expect(t.sent().join('\n')).toContain('1 photo(s) received');
    expect(t.calls.find((c) => c.method === 'sendMessage')?.payload.chat_id).toBe(100200300);
  });

  it('a photo with a caption in a supergroup is group chatter: nothing is fetched or answered', async () => {
    const t = await fixtureBot();
    await t.handle(fixture('photo-caption-supergroup'));
    expect(t.calls).toEqual([]);
  });

  it('a callback query is answered (no spinner) and an unknown payload gets a clear reply', async () => {
    const t = await fixtureBot();
    await t.handle(fixture('callback-query'));
    expect(t.calls[0]).toMatchObject({ method: 'answerCallbackQuery', payload: { callback_query_id: '4382bf5a1c7e9d01' } });
    expect(t.sent()).toEqual(['That button has expired. Please follow the latest message.']);
  });

  it('handles a re-delivered update once, also after a restart', async () => {
    const h = await tipHarness();
    const first = await fixtureBot({}, h);
    await first.handle(fixture('callback-query'));
    await first.handle(fixture('callback-query'));
    expect(first.sent()).toHaveLength(1);
    const restarted = await fixtureBot({}, h);
    await restarted.handle(fixture('callback-query'));
    expect(restarted.calls).toEqual([]);
  });

  it('gives the claim back when handling failed, so the re-delivery is handled', async () => {
    const h = await tipHarness();
    let fail = true;
    const flaky: ConversationHandler = {
      handle: async (i) => {
        if (fail) throw new Error('store unavailable');
        return h.handler.handle(i);
      },
    };
    const t = await fixtureBot({ handler: flaky }, h);
    await expect(t.handle(fixture('callback-query'))).rejects.toThrow();
    fail = false;
    await t.handle(fixture('callback-query'));
    expect(t.sent()).toHaveLength(1);
  });
});
