/**
 * Channel-neutral messages. A channel adapter turns its updates into Inbound and renders Outbound;
 * handlers never see a channel SDK.
 */
/** `tg:123`, `wecom:userid`, `web:<session>`: a chat, never a person's identity. */
export type ChatRef = string;
export type Locale = 'zh-CN' | 'en';

/** A photo the channel can still fetch; handlers download it once and keep only the stored copy. */
export interface MediaRef {
  download(): Promise<Uint8Array>;
  /** What the channel claims (file name, declared type, size); never trusted for the type. */
  fileName?: string;
  declaredMime?: string;
  sizeHint?: number;
}

interface InboundBase {
  chat: ChatRef;
  locale?: Locale;
  /** A display name the channel offers (e.g. Telegram first name); never stored with tips. */
  senderName?: string;
  /** Set in group chats only: the sender's own chat, so a bound official is recognised in a group. */
  sender?: ChatRef;
}

export type Inbound = InboundBase &
  (
    | { kind: 'text'; text: string }
    | { kind: 'command'; command: string; args: string }
    | { kind: 'photo'; media: MediaRef[]; caption?: string }
    | { kind: 'location'; lat: number; lng: number; label?: string }
    | { kind: 'choice'; value: string }
    | { kind: 'unsupported'; what: string }
  );

export interface Choice {
  label: string;
  /** ≤ 64 bytes (Telegram callback_data limit). */
  value: string;
}

export type Outbound =
  | { kind: 'text'; text: string; choices?: Choice[][] }
  /**
   * `caseNumber`: the case that shows this photo (the web serves a photo only with a case its viewer may see).
   * `receiptSession`: instead, a tipster's receipt session that may fetch it (the web keeps it in a cookie).
   */
  | { kind: 'photo'; mediaId: string; caption?: string; caseNumber?: string; receiptSession?: string };

/** Proactive sends (reminders, pushes to a town group) go through the channel that owns the ChatRef. */
export interface ChatPort {
  /** Throws UndeliverableError when the platform says this chat cannot be reached (do not retry). */
  send(chat: ChatRef, messages: Outbound[], opts?: SendOptions): Promise<void>;
}

export interface SendOptions {
  /**
   * The delivery this send belongs to. A channel that can tell repeats apart (the web inbox) keeps one send per key,
   * closing the window where a sender died after sending but before its delivery was marked sent.
   */
  idempotencyKey?: string;
}

/**
 * The platform refused the chat for good (Telegram 403 blocked / deactivated, 400 chat not found;
 * WeCom 60020, 81013, …): retrying cannot help until someone changes something, so jobs record it once.
 */
export class UndeliverableError extends Error {
  override readonly name = 'UndeliverableError';
  constructor(
    readonly chat: ChatRef,
    readonly reason: string,
  ) {
    super(`undeliverable to ${chat}: ${reason}`);
  }
}

export const isUndeliverable = (e: unknown): e is UndeliverableError => e instanceof Error && e.name === 'UndeliverableError';
