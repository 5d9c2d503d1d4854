import { describe, expect, it } from 'vitest';
import { AlbumBuffer } from '../../../bot/telegram/albums.js';
import { ChatQueue } from '../../../bot/telegram/chat-queue.js';
import { parseChatRef, resolveTelegramConfig, telegramConfigSchema, TELEGRAM_WEBHOOK_PATH } from '../../../bot/telegram/index.js';

const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('Telegram config slice', () => {
  it('is off without a token, polls without a public URL, and uses a webhook with one', () => {
    expect(resolveTelegramConfig(telegramConfigSchema.parse({}))).toBeUndefined();
    expect(resolveTelegramConfig(telegramConfigSchema.parse({ TELEGRAM_BOT_TOKEN: token }))).toEqual({ token, apiRoot: undefined, webhook: undefined });
    const hooked = resolveTelegramConfig(telegramConfigSchema.parse({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: 's3cret-ok' }), 'https://zz.example.org/');
    expect(hooked?.webhook).toEqual({ url: `https://zz.example.org${TELEGRAM_WEBHOOK_PATH}`, secret: 's3cret-ok' });
  });

  it('derives a stable secret in Telegram\'s alphabet when none is configured', () => {
    const a = resolveTelegramConfig(telegramConfigSchema.parse({ TELEGRAM_BOT_TOKEN: token }), 'https://zz.example.org');
    const b = resolveTelegramConfig(telegramConfigSchema.parse({ TELEGRAM_BOT_TOKEN: token }), 'https://zz.example.org');
    expect(a?.webhook?.secret).toMatch(/^[A-Za-z0-9_-]{20,256}$/);
    expect(a?.webhook?.secret).toBe(b?.webhook?.secret);
    expect(a?.webhook?.secret).not.toContain(token.split(':')[1]);
  });

  it('names bad values without echoing them', () => {
    const r = telegramConfigSchema.safeParse({ TELEGRAM_BOT_TOKEN: 'leaked-value', TELEGRAM_WEBHOOK_SECRET: 'has spaces', TELEGRAM_API_ROOT: 'nope' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual(['TELEGRAM_API_ROOT', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET']);
    expect(JSON.stringify(r.error?.issues)).not.toContain('leaked-value');
  });

  it('reads only tg: chat references', () => {
    expect(parseChatRef('tg:-1001234567890')).toBe(-1001234567890);
    expect(parseChatRef('wecom:zhangsan')).toBeUndefined();
    expect(parseChatRef('tg:12abc')).toBeUndefined();
  });
});

describe('album buffer and chat queue', () => {
  it('gathers an album until it is quiet, and hands it over on shutdown', async () => {
    const albums = new AlbumBuffer<number>(40, 5);
    const all = albums.add('chat:g1', 1);
    expect(albums.add('chat:g1', 2)).toBeUndefined();
    for (let i = 3; i <= 8; i++) albums.add('chat:g1', i);
    expect(await all).toEqual([1, 2, 3, 4, 5]);
    const open = albums.add('chat:g2', 9);
    albums.flushAll();
    expect(await open).toEqual([9]);
  });

  it('runs one chat in order and other chats alongside, surviving a failed task', async () => {
    const q = new ChatQueue();
    const log: string[] = [];
    const slow = (s: string, ms: number) => () => new Promise<void>((r) => setTimeout(() => (log.push(s), r()), ms));
    const failed = q.run('a', async () => {
      throw new Error('boom');
    });
    void q.run('a', slow('a1', 30));
    void q.run('a', slow('a2', 1));
    void q.run('b', slow('b1', 5));
    await expect(failed).rejects.toThrow('boom');
    await q.idle();
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });
});
