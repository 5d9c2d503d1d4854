import type { Middleware } from 'grammy';
import { z } from 'zod';
import type { HandlerLogger } from '../../handlers/index.js';

/**
 * The fields of an update this adapter reads, as the Bot API documents them (core.telegram.org/bots/api
 * › Update, Message, CallbackQuery): required ones must be there with the right type, optional ones may be
 * absent but not malformed. Anything else in the update is left alone.
 */
const id = z.number().int();
const chat = z.object({ id, type: z.string() }).loose();
const user = z.object({ id, is_bot: z.boolean().optional(), first_name: z.string().optional(), language_code: z.string().optional() }).loose();
const file = z.object({ file_id: z.string().min(1).max(512), file_size: z.number().int().nonnegative().optional() }).loose();
const message = z
  .object({
    message_id: id,
    date: z.number(),
    chat,
    from: user.optional(),
    text: z.string().optional(),
    caption: z.string().optional(),
    entities: z.array(z.object({ type: z.string(), offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() }).loose()).optional(),
    photo: z.array(file.extend({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() })).optional(),
    document: file.extend({ file_name: z.string().optional(), mime_type: z.string().optional() }).optional(),
    media_group_id: z.string().max(128).optional(),
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).loose().optional(),
    venue: z.object({ title: z.string().optional() }).loose().optional(),
  })
  .loose();
const callbackQuery = z
  .object({ id: z.string(), from: user, data: z.string().optional(), message: z.object({ chat }).loose().optional() })
  .loose();
const update = z
  .object({
    update_id: id,
    message: message.optional(),
    edited_message: message.optional(),
    channel_post: message.optional(),
    edited_channel_post: message.optional(),
    callback_query: callbackQuery.optional(),
  })
  .loose();

/** Why an update cannot be handled, or undefined when its shape is sound. */
export function malformedReason(u: unknown): string | undefined {
  const r = update.safeParse(u);
  return r.success ? undefined : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ');
}

/**
 * First in the chain: a malformed update is acknowledged and dropped (never a 500, which Telegram would
 * re-deliver forever) and logged by its id and the broken fields only, never its content.
 */
export const dropMalformed =
  (log: HandlerLogger): Middleware =>
  async (ctx, next) => {
    const reason = malformedReason(ctx.update);
    if (reason) {
      log.warn({ updateId: (ctx.update as { update_id?: unknown }).update_id, reason }, 'telegram update malformed; dropped');
      return;
    }
    await next();
  };
