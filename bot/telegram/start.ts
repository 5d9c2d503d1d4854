import { run, type RunOptions } from '@grammyjs/runner';
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Context as HonoContext } from 'hono';
import type { ChatPort } from '../../domain/index.js';
import { createTelegramBot, errorMessage, type TelegramBotOptions } from './bot.js';
import { registerCommands } from './commands.js';

export interface StartTelegramOptions extends TelegramBotOptions {
  /** Webhook mode: `url` is PUBLIC_URL + TELEGRAM_WEBHOOK_PATH. Long polling when absent. */
  webhook?: { url: string; secret: string };
  /** Extra options for @grammyjs/runner in polling mode (e.g. a pause between polls of a local emulator). */
  runner?: RunOptions<Update>;
  /** Webhook mode: answer Telegram after this long even if the step is still running (default 8 s). */
  webhookTimeoutMs?: number;
}

export interface TelegramChannel {
  /** Sends to `tg:` chat references (register it with the ChatRouter under 'tg'). */
  chatPort: ChatPort;
  /** Webhook mode only: mount as `app.post(TELEGRAM_WEBHOOK_PATH, webhookRoute)`. A wrong or missing secret gets 401. */
  webhookRoute?: (c: HonoContext) => Promise<Response>;
  /** Resolves when no conversation step is queued or running (health checks, tests). */
  idle(): Promise<void>;
  /** Stops receiving, hands over open albums and waits for the replies in flight. */
  stop(): Promise<void>;
}

const allowed_updates = ['message', 'callback_query'] as const;
/** Telegram re-delivers for 24 hours at most; ids older than two days cannot come back. */
const KEEP_UPDATE_IDS_MS = 48 * 3600_000;

export async function startTelegram(o: StartTelegramOptions): Promise<TelegramChannel> {
  const { bot, chatPort, idle, drain } = createTelegramBot(o);
  await bot.init();
  // The menu is a convenience: a failure to register it must not keep the channel down.
  await registerCommands(bot.api).catch((e: unknown) => o.log.warn({ err: errorMessage(e) }, 'telegram commands not registered'));
  const prune = setInterval(() => {
    o.dedup.prune(new Date(Date.now() - KEEP_UPDATE_IDS_MS)).catch((e: unknown) => o.log.warn({ err: errorMessage(e) }, 'telegram update ids not pruned'));
  }, 3600_000);
  prune.unref();

  if (o.webhook) {
    await bot.api.setWebhook(o.webhook.url, { secret_token: o.webhook.secret, allowed_updates: [...allowed_updates] });
    // Slow steps (photo downloads) answer Telegram early and finish anyway; a re-delivery is de-duplicated.
    const timeoutMs = o.webhookTimeoutMs ?? 8_000;
    logLateFailures(bot, timeoutMs, o.log);
    const callback = webhookCallback(bot, 'hono', { secretToken: o.webhook.secret, onTimeout: 'return', timeoutMilliseconds: timeoutMs });
    const route = async (c: HonoContext): Promise<Response> => {
      try {
        return (await callback(c)) as Response;
      } catch (e) {
        // Logged here, not by the web framework: a BotError carries the whole update, sender included.
        o.log.error({ err: errorMessage(e) }, 'telegram webhook update failed');
        return c.body(null, 500); // Telegram delivers it again; the released claim lets it through
      }
    };
    o.log.info({ mode: 'webhook', bot: bot.botInfo.username }, 'telegram channel started');
    return {
      chatPort,
      idle,
      webhookRoute: route,
      async stop() {
        clearInterval(prune);
        await drain();
      },
    };
  }

  await bot.api.deleteWebhook(); // getUpdates fails while a webhook is set
  const runner = run(bot, { ...o.runner, runner: { ...o.runner?.runner, fetch: { ...o.runner?.runner?.fetch, allowed_updates: [...allowed_updates] } } });
  o.log.info({ mode: 'polling', bot: bot.botInfo.username }, 'telegram channel started');
  return {
    chatPort,
    idle,
    async stop() {
      clearInterval(prune);
      if (runner.isRunning()) await runner.stop();
      await drain();
    },
  };
}

/**
 * After the webhook answered on timeout, grammY drops a later failure of the update (and leaves an
 * unhandled rejection behind). Failures that outlive the timeout are logged here and swallowed: Telegram
 * already got its 200 and will not re-deliver, so the log line is all that is left of it.
 */
function logLateFailures(bot: Bot, timeoutMs: number, log: StartTelegramOptions['log']): void {
  const handle = bot.handleUpdate.bind(bot);
  bot.handleUpdate = async (update, envelope) => {
    const started = Date.now();
    try {
      return await handle(update, envelope);
    } catch (e) {
      const late = Date.now() - started >= timeoutMs;
      if (!late) throw e;
      log.error({ updateId: update.update_id, err: errorMessage(e), lateByMs: Date.now() - started - timeoutMs }, 'telegram webhook update failed after the webhook had answered');
    }
  };
}
