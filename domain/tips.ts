import type { CaseStatus } from './case.js';
import type { Role } from './identity.js';

/**
 * Ports for anonymous tips (举报), officials' invite codes and channel update de-duplication.
 * Implemented by stores/sqlite/tips-* and stores/mongo/tips-*, verified by tests/contract/tips-store.contract.ts.
 */

/** 奖励: what the tipster sees when checking; officials set it after the case is settled. */
export const tipRewards = ['pending', 'eligible', 'ineligible', 'paid'] as const;
export type TipReward = (typeof tipRewards)[number];

/** Where a tip came in: a kind of channel only, never a chat, user or session. */
export type TipChannel = 'telegram' | 'web' | 'phone' | 'letter' | 'email'; // phone and letter: recorded by staff

/** What links a receipt code to its case. Holds nothing that points at the tipster. */
export interface Tip {
  /** 举报码: normalized (upper case, no separators). */
  receiptCode: string;
  caseId: string;
  /** argon2 hash of the 举报密码 the tipster chose. */
  pinHash: string;
  channel: TipChannel;
  reward: TipReward;
}

export interface TipRepo {
  /** DUPLICATE when the receipt code or the case already has a tip. */
  insert(t: Tip): Promise<void>;
  get(receiptCode: string): Promise<Tip | null>;
  /** False when the case has no tip. */
  setReward(caseId: string, reward: TipReward): Promise<boolean>;
  /**
   * The reward state of the case's tip, null when the case has no tip. Nothing else of the tip leaves the store.
   * (Wrong PINs are counted by the rate-limit port, keyed by the receipt code: handlers/tips/service.ts.)
   */
  rewardOf(caseId: string): Promise<TipReward | null>;
}

/**
 * A tipster who asked for progress notices: the chat reference sealed with AES-256-GCM, kept apart
 * from the tip, never shown to officials, deleted when the case is settled.
 */
export interface TipContact {
  caseId: string;
  /** Opaque ciphertext; only the tip service holds the key. */
  sealed: string;
  /** The status the tipster was last told about, so a notice goes out once per change. */
  lastStatus: CaseStatus;
}

export interface TipContactRepo {
  /** Inserts or replaces the contact of the case. */
  put(c: TipContact): Promise<void>;
  get(caseId: string): Promise<TipContact | null>;
  delete(caseId: string): Promise<void>;
}

/**
 * A tipster's receipt session: opened by a right receipt code + PIN, it lets that browser fetch the
 * before-photos of that one case for a few minutes. Only the SHA-256 of its random token is kept, with
 * the case and the expiry: no chat, cookie, account or address, so nothing links it to a person.
 */
export interface ReceiptSession {
  tokenHash: string;
  caseId: string;
  expiresAt: Date;
}

export interface ReceiptSessionRepo {
  /** Also forgets every session that expired by `now` (they are never read again). */
  insert(s: ReceiptSession, now: Date): Promise<void>;
  /** The case of a session that has not expired at `now`; null for an unknown or expired one. */
  caseOf(tokenHash: string, now: Date): Promise<string | null>;
}

/** A one-time code that turns a chat into an official's account. Only the code's hash is stored. */
export interface Invite {
  codeHash: string;
  role: Exclude<Role, 'worker'>;
  townId?: string;
  /** The enterprise role: the enterprise the new account speaks for (its town invites it). */
  enterpriseId?: string;
  /** The expert role: the enterprises assigned to the new expert. */
  enterpriseIds?: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
  usedBy?: string;
}

export interface InviteRepo {
  /** DUPLICATE when the hash exists. */
  insert(i: Invite): Promise<void>;
  /** Marks the invite used by `usedBy` if it is unused and unexpired; exactly one caller wins. */
  consume(codeHash: string, usedBy: string, now: Date): Promise<Invite | null>;
}

/** Remembers processed channel updates (e.g. Telegram update_id) so a re-delivery is handled once. */
export interface UpdateDedupRepo {
  /** True the first time (source, id) is claimed, false for every later claim, across restarts. */
  claim(source: string, id: number, now: Date): Promise<boolean>;
  /** Gives a claim back when its update could not be handled, so a re-delivery is processed. */
  release(source: string, id: number): Promise<void>;
  /** Forgets claims older than `before` (Telegram re-delivers for 24 hours at most). */
  prune(before: Date): Promise<number>;
}

/** The ports above as one store adapter provides them. */
export interface TipStores {
  tips: TipRepo;
  tipContacts: TipContactRepo;
  receiptSessions: ReceiptSessionRepo;
  invites: InviteRepo;
  updateDedup: UpdateDedupRepo;
}
