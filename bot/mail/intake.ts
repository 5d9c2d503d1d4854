import { createHash, randomInt } from 'node:crypto';
import { simpleParser, type Attachment } from 'mailparser';
import { isDomainError, MAX_PHOTOS, type Clock, type MessageSeenRepo, type RateLimiter } from '../../domain/index.js';
import type { HandlerLogger } from '../../handlers/index.js';
import { formatReceiptCode, normalizeReceiptCode } from '../../handlers/tips/index.js';
import type { TipService } from '../../handlers/tips/types.js';
import { translator, type Params } from '../../locales/index.js';
import type { Mailer } from './mailer.js';

/** What the poller learns from the server before downloading anything. */
export interface MailMeta {
  size: number;
  messageId?: string;
  /** The sender's address: used for the answer, never stored (except sealed on opt-in) or logged. */
  from?: string;
  subject?: string;
  inReplyTo?: string;
  /** Lower-case header names → values, for loop detection. */
  headers: Record<string, string>;
  /** Identifies the message when it has no Message-ID (folder UIDVALIDITY and UID). */
  fallbackId: string;
}

export type MailOutcome = 'tip' | 'subscribed' | 'status' | 'answered' | 'set_aside' | 'duplicate';

export interface MailIntakeDeps {
  tips: TipService;
  seen: MessageSeenRepo;
  mailer: Mailer;
  ownAddress: string;
  maxBytes: number;
  clock: Clock;
  log: HandlerLogger;
  /** Tips per sender (keyed by a hash of the address) and "slow down" answers per sender; absent: no limit. */
  senderLimits?: { tips: Pick<RateLimiter, 'consume'>; notices: Pick<RateLimiter, 'consume'> };
}

const t = translator('zh-CN');
const CODE = /[2-9A-HJ-NP-Z]{4}-?[2-9A-HJ-NP-Z]{4}-?[2-9A-HJ-NP-Z]{4}/i;
const PIN_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** RFC 3834 and the de-facto headers: mail written by a machine never gets an answer (no loops). */
export function isAutomatic(meta: Pick<MailMeta, 'from' | 'headers'>, ownAddress: string): boolean {
  const h = meta.headers;
  const from = meta.from?.toLowerCase() ?? '';
  return (
    (h['auto-submitted'] !== undefined && h['auto-submitted'].trim().toLowerCase() !== 'no') ||
    /^(bulk|junk|list|auto_reply)$/i.test(h.precedence?.trim() ?? '') ||
    h['x-autoreply'] !== undefined ||
    h['x-autorespond'] !== undefined ||
    h['list-id'] !== undefined ||
    !from ||
    from === ownAddress.toLowerCase() ||
    /^(mailer-daemon|postmaster|no-?reply)@/i.test(from)
  );
}

/** Mail text as a case may hold it: no quoted earlier mail, no control or zero-width characters, tidy lines. */
export function cleanText(text: string | undefined): string {
  if (!text) return '';
  const lines = text
    // Control characters (except tab and newlines), zero-width and direction marks, undecodable bytes (U+FFFD).
    // eslint-disable-next-line no-control-regex -- removing them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]/g, '')
    .split(/\r?\n/);
  // A reply quotes the earlier mail below a line like "在 … 写道：" / "On … wrote:"; only the new text counts.
  const cut = lines.findIndex((l) => /^(>|在.*写道[:：]\s*$|On .* wrote:\s*$|-----\s*(Original|原始邮件))/.test(l.trim()));
  return (cut >= 0 ? lines.slice(0, cut) : lines)
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function newPin(): string {
  for (;;) {
    const pin = Array.from({ length: 8 }, () => PIN_ALPHABET[randomInt(PIN_ALPHABET.length)]).join('');
    if (/\d/.test(pin) && /[a-z]/i.test(pin)) return pin;
  }
}

const isImage = (a: Attachment) => a.contentType.startsWith('image/') || /\.(jpe?g|png|webp|gif|avif|tiff?)$/i.test(a.filename ?? '');

/** One message of the tip mailbox: a tip with its receipt, an opt-in or status query by reply, or a clear answer. */
export async function handleMail(deps: MailIntakeDeps, meta: MailMeta, source: () => Promise<Buffer>): Promise<MailOutcome> {
  const ref = createHash('sha256').update(meta.messageId ?? meta.fallbackId).digest('hex').slice(0, 12);
  if (isAutomatic(meta, deps.ownAddress)) {
    deps.log.info({ mail: ref }, 'mail set aside: automatic or list mail');
    return 'set_aside';
  }
  if (!(await deps.seen.claim('mail', meta.messageId ?? meta.fallbackId, deps.clock.now()))) return 'duplicate';
  const answer = (key: Parameters<typeof t>[0], params?: Params) =>
    deps.mailer.send({ to: meta.from!, subject: t('mail.replySubject'), text: t(key, params), inReplyTo: meta.messageId, references: meta.messageId ? [meta.messageId] : undefined });
  try {
    if (meta.size > deps.maxBytes) {
      await answer('mail.tooLarge', { maxMb: Math.floor(deps.maxBytes / 2 ** 20) });
      deps.log.info({ mail: ref, bytes: meta.size }, 'mail answered: too large');
      return 'answered';
    }
    const parsed = await simpleParser(await source(), { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    const text = cleanText(parsed.text);
    const subject = cleanText(parsed.subject ?? meta.subject).slice(0, 200);

    const command = /^(通知|订阅|查询|notify|status)\s+(?:([A-Z0-9-]{12,14})\s+)?([A-Za-z0-9]{6,20})\s*$/i.exec(text.split('\n')[0] ?? '');
    if (command) {
      const code = normalizeReceiptCode(command[2] ?? CODE.exec(subject)?.[0] ?? '');
      if (!code) {
        await answer('mail.needCode');
        return 'answered';
      }
      return await byReceipt(deps, answer, code, command[3]!, /^(通知|订阅|notify)$/i.test(command[1]!) ? meta.from! : undefined);
    }

    // A flood from one address must not flood the case list: past the limit it is answered once, then set aside.
    const sender = createHash('sha256').update(meta.from!.toLowerCase()).digest('hex');
    const budget = await deps.senderLimits?.tips.consume(sender);
    if (budget && !budget.allowed) {
      const notice = await deps.senderLimits!.notices.consume(sender);
      if (notice.allowed) await answer('mail.tooMany', { minutes: Math.max(1, Math.ceil(budget.retryAfterMs / 60_000)) });
      deps.log.info({ mail: ref }, 'mail set aside: too many tips from one sender');
      return notice.allowed ? 'answered' : 'set_aside';
    }
    const images = parsed.attachments.filter(isImage);
    const photos = [];
    let skipped = parsed.attachments.length - images.length + Math.max(0, images.length - MAX_PHOTOS);
    for (const a of images.slice(0, MAX_PHOTOS)) {
      try {
        photos.push(await deps.tips.intakePhoto({ download: async () => new Uint8Array(a.content), sizeHint: a.size, fileName: a.filename, declaredMime: a.contentType }));
      } catch (e) {
        if (!isDomainError(e, 'UNSUPPORTED_MEDIA') && !isDomainError(e, 'MEDIA_TOO_LARGE')) throw e;
        skipped++;
      }
    }
    const readable = (s: string) => (s.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 5;
    const description = (readable(text) ? (subject && !text.includes(subject) ? `${subject}\n${text}` : text) : photos.length && readable(subject) ? subject : '').slice(0, 2000);
    if (!description) {
      await answer('mail.noText');
      deps.log.info({ mail: ref }, 'mail answered: no text');
      return 'answered';
    }
    const pin = newPin();
    const { receiptCode, caseNumber } = await deps.tips.submitTip({ description, photos, pin, channel: 'email' });
    await deps.mailer.send({
      to: meta.from!,
      subject: t('mail.receiptSubject', { code: formatReceiptCode(receiptCode) }),
      text: t('mail.receipt', { number: caseNumber, code: formatReceiptCode(receiptCode), pin, photos: photos.length, skipped }),
      inReplyTo: meta.messageId,
      references: meta.messageId ? [meta.messageId] : undefined,
    });
    deps.log.info({ mail: ref, caseNumber, photos: photos.length, skipped }, 'mail tip received');
    return 'tip';
  } catch (e) {
    // Not handled: the next poll tries again (the claim is given back).
    await deps.seen.release('mail', meta.messageId ?? meta.fallbackId);
    throw e;
  }
}

async function byReceipt(deps: MailIntakeDeps, answer: (key: Parameters<typeof t>[0], params?: Params) => Promise<void>, code: string, pin: string, subscribeAs?: string): Promise<MailOutcome> {
  try {
    const view = subscribeAs
      ? await deps.tips.subscribe(code, pin, { chat: `mail:${subscribeAs}`, locale: 'zh-CN' })
      : await deps.tips.checkTip(code, pin);
    const status = t(`status.${view.status}`);
    await answer(subscribeAs ? 'mail.subscribed' : 'mail.status', { number: view.caseNumber, status, reward: t(`tip.reward.${view.reward}`) });
    return subscribeAs ? 'subscribed' : 'status';
  } catch (e) {
    if (isDomainError(e, 'FORBIDDEN')) await answer('mail.wrongPin');
    else if (isDomainError(e, 'RATE_LIMITED')) await answer('mail.locked', { minutes: Number(e.details?.minutes ?? 15) });
    else if (isDomainError(e, 'INVALID_INPUT')) await answer('mail.noNotices');
    else throw e;
    return 'answered';
  }
}
