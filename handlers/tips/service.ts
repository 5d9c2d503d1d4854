import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DomainError, isCountyLevel, newCase } from '../../domain/index.js';
import type { CaseStatus } from '../../domain/index.js';
import type { ReceiptSessionRepo, TipContactRepo, TipRepo } from '../../domain/tips.js';
import { translator } from '../../locales/index.js';
import type { HandlerDeps } from '../context.js';
import { intakePhoto } from '../media/photo-intake.js';
import { dispatchCase } from '../dispatch.js';
import { withHashSlot } from '../hash-slots.js';
import { notifyNewCase } from '../notify.js';
import { shanghaiYear } from '../report/submit.js';
import { openContact, sealContact } from './contact-seal.js';
import type { TipService } from './types.js';
import { newReceiptCode, normalizeReceiptCode, pinProblem } from './receipt.js';

export interface TipRepos {
  tips: TipRepo;
  contacts: TipContactRepo;
  sessions: ReceiptSessionRepo;
}

export interface TipOptions {
  /** 32 bytes (TIP_CONTACT_KEY). */
  contactKey?: Uint8Array;
  formUrl?: string;
}

/** After 10 wrong tries a receipt code is locked for 15 minutes, whatever address the tries came from. */
const RECEIPT_TRIES = { points: 10, durationMs: 15 * 60_000, blockMs: 15 * 60_000 };
/** How long a right code + PIN lets that browser see the tip's photos. */
export const RECEIPT_SESSION_MINUTES = 10;
const sessionHash = (token: string) => createHash('sha256').update(token).digest('hex');
/** A PIN of a code that does not exist is checked against this: both answers cost the same. */
let decoy: Promise<string> | undefined;

/** Tips never act as anyone: the case history names no person and no chat. */
const ANONYMOUS = { id: 'anonymous', role: 'worker' } as const;
const settled: readonly CaseStatus[] = ['closed', 'rejected'];

/** The channel-neutral 举报 service: the chat dialog and the H5 form both submit and check through it. */
export function createTipService(deps: HandlerDeps, repos: TipRepos, opts: TipOptions = {}): TipService {
  if (!deps.rateLimits) throw new Error('the tip service needs rate limits (HandlerDeps.rateLimits)');
  const tries = deps.rateLimits.limiter('receipt-code', RECEIPT_TRIES);
  const key = opts.contactKey;
  if (key && key.byteLength !== 32) throw new Error('TIP_CONTACT_KEY must be 32 bytes');

  const refused = (attemptsLeft: number) => new DomainError('FORBIDDEN', 'wrong receipt code or PIN', { attemptsLeft });
  const locked = (retryAfterMs: number) => new DomainError('RATE_LIMITED', 'too many wrong PINs', { minutes: Math.max(1, Math.ceil(retryAfterMs / 60_000)) });

  return {
    canNotify: key !== undefined,
    formUrl: opts.formUrl,

    intakePhoto: (ref) => intakePhoto(ref, deps.photoLimits, deps.stores.media, { keepEvidence: false, anonymous: true }),
    discardPhotos: async (photos) => {
      for (const p of photos) await deps.stores.media.deleteAnonymous(p.id);
    },

    async submitTip(input) {
      const problem = pinProblem(input.pin);
      if (problem) throw new DomainError('INVALID_INPUT', `PIN: ${problem}`, { field: 'pin' });
      const receiptCode = input.receiptCode === undefined ? newReceiptCode() : normalizeReceiptCode(input.receiptCode);
      if (!receiptCode) throw new DomainError('INVALID_INPUT', 'malformed receipt code', { field: 'receiptCode' });
      // A repeated submission (same form token) is refused before it takes a case number.
      if (input.receiptCode !== undefined && (await repos.tips.get(receiptCode))) throw new DomainError('DUPLICATE', 'this tip was already filed', { field: 'receiptCode' });
      const enterpriseName = input.enterpriseName?.trim() || undefined;
      const now = deps.clock.now();
      const year = shanghaiYear(now);
      const reported = newCase(
        {
          id: deps.newId(),
          source: 'anonymous_tip',
          description: input.description,
          enterpriseName,
          townId: input.townId,
          photos: input.photos.map(({ id, mime, bytes }) => ({ id, mime, bytes })),
        },
        input.recordedBy ?? ANONYMOUS,
        now,
      );
      // Typed in by an official from a call or a letter: the history names them as the recorder of the report.
      if (input.recordedBy) reported.history[0] = { ...reported.history[0]!, note: `代录（${input.channel === 'phone' ? '电话' : '信箱'}）` };
      // A matched enterprise's town wins over the poster's; the case is then registered by the system.
      const { case: dispatched } = await dispatchCase(deps.stores, reported, { typed: enterpriseName, posterTownId: input.townId }, now);
      // The tip first: a clashing receipt code then leaves nothing behind, not even a used case number.
      await repos.tips.insert({ receiptCode, caseId: dispatched.id, pinHash: await hash(input.pin), channel: input.channel, reward: 'pending' });
      const c = await deps.stores.cases.insertNumbered(dispatched, deps.casePrefix, year);
      if (input.notify && key) {
        await repos.contacts.put({ caseId: c.id, sealed: sealContact(key, c.id, input.notify), lastStatus: c.status });
      }
      deps.log.info({ caseNumber: c.number, source: c.source, photos: c.beforePhotos.length }, 'tip received');
      await notifyNewCase(deps, c);
      await deps.onCaseChanged?.(c);
      return { receiptCode, caseNumber: c.number };
    },

    async checkTip(input, pin, opts = {}) {
      // Every well-formed code counts and answers alike, known or not: the replies never say whether it exists.
      const code = normalizeReceiptCode(input);
      if (!code) throw refused(RECEIPT_TRIES.points);
      const attempt = await tries.consume(code);
      if (!attempt.allowed) throw locked(attempt.retryAfterMs);
      const tip = await repos.tips.get(code);
      const pinHash = tip?.pinHash ?? (await (decoy ??= hash(newReceiptCode())));
      const right = await withHashSlot(() => verify(pinHash, pin.slice(0, 64)).catch(() => false));
      if (!tip || !right) {
        if (attempt.remaining > 0) throw refused(attempt.remaining);
        // The tenth wrong try: the lock starts now and lasts its full 15 minutes.
        throw locked((await tries.consume(code)).retryAfterMs);
      }
      await tries.reset(code);
      const c = await deps.stores.cases.get(tip.caseId);
      if (!c) throw new DomainError('NOT_FOUND', 'the case of this tip is gone');
      const view = { caseNumber: c.number, status: c.status, reward: tip.reward, updatedAt: c.updatedAt, ...(c.rejectReason && { rejectReason: c.rejectReason }) };
      if (!opts.openPhotos || c.beforePhotos.length === 0) return view;
      // 256 random bits, handed out once; the store keeps only its hash, the case and the expiry. Never logged.
      const session = randomBytes(32).toString('base64url');
      const now = deps.clock.now();
      await repos.sessions.insert({ tokenHash: sessionHash(session), caseId: c.id, expiresAt: new Date(now.getTime() + RECEIPT_SESSION_MINUTES * 60_000) }, now);
      return { ...view, photos: { session, ids: c.beforePhotos.map((p) => p.id) } };
    },

    async receiptPhotoIds(session) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(session)) return [];
      const caseId = await repos.sessions.caseOf(sessionHash(session), deps.clock.now());
      const c = caseId ? await deps.stores.cases.get(caseId) : null;
      return c?.beforePhotos.map((p) => p.id) ?? [];
    },

    async subscribe(code, pin, notify) {
      if (!key) throw new DomainError('INVALID_INPUT', 'progress notices are not configured', { field: 'notify' });
      const view = await this.checkTip(code, pin);
      const c = await deps.stores.cases.getByNumber(view.caseNumber);
      if (!c) throw new DomainError('NOT_FOUND', 'the case of this tip is gone');
      if (!settled.includes(c.status)) await repos.contacts.put({ caseId: c.id, sealed: sealContact(key, c.id, notify), lastStatus: c.status });
      return view;
    },

    async setReward(caseNumber, reward, by) {
      if (!isCountyLevel(by)) throw new DomainError('FORBIDDEN', 'only the county bureau decides on tip rewards');
      const c = await deps.stores.cases.getByNumber(caseNumber.trim().toUpperCase());
      if (!c || c.source !== 'anonymous_tip' || !(await repos.tips.setReward(c.id, reward))) {
        throw new DomainError('NOT_FOUND', `no tip for case ${caseNumber}`, { ref: caseNumber });
      }
      deps.log.info({ caseNumber: c.number, reward, by: by.id }, 'tip reward set');
    },

    async rewardOf(caseNumber) {
      const c = await deps.stores.cases.getByNumber(caseNumber.trim().toUpperCase());
      return c?.source === 'anonymous_tip' ? repos.tips.rewardOf(c.id) : null;
    },

    async onCaseChanged(c) {
      if (c.source !== 'anonymous_tip') return;
      const contact = await repos.contacts.get(c.id);
      if (!contact) return;
      if (contact.lastStatus !== c.status && key && deps.chat) {
        try {
          const target = openContact(key, c.id, contact.sealed);
          const t = translator(target.locale);
          await deps.chat.send(target.chat, [{ kind: 'text', text: t('tip.notify', { number: c.number, status: t(`status.${c.status}`) }) }]);
        } catch (e) {
          // Never the chat: only that a notice was lost.
          deps.log.warn({ caseNumber: c.number, err: (e as Error).message }, 'tip notice failed');
        }
      }
      if (settled.includes(c.status)) await repos.contacts.delete(c.id);
      else if (contact.lastStatus !== c.status) await repos.contacts.put({ ...contact, lastStatus: c.status });
    },
  };
}
