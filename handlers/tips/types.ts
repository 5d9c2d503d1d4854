import type { Actor, Case, CaseStatus, ChatRef, Locale, MediaRef, PhotoRef } from '../../domain/index.js';
import type { TipChannel, TipReward } from '../../domain/tips.js';

/** The 举报 service's shape, apart from its implementation so that handler types depend on no service. */
export interface TipInput {
  description: string;
  enterpriseName?: string;
  /** The town of the QR poster the tip came from; a matched enterprise's town wins over it. */
  townId?: string;
  /** Already stripped by `intakePhoto`; any evidence fields are dropped here all the same. */
  photos: PhotoRef[];
  /** 举报密码 chosen by the tipster. */
  pin: string;
  channel: TipChannel;
  /** A code the dialog already showed (so it could be asked back before submitting); new one if absent. */
  receiptCode?: string;
  /** Only when the tipster opted in and a contact key is configured; stored sealed. */
  notify?: { chat: ChatRef; locale: Locale };
  /** Phone and letter tips: the official who typed it in. Named in the case history as the recorder, never as the tipster. */
  recordedBy?: Pick<Actor, 'id' | 'role'>;
}

export interface TipStatusView {
  caseNumber: string;
  status: CaseStatus;
  reward: TipReward;
  updatedAt: Date;
  rejectReason?: string;
  /**
   * Asked for with `openPhotos` and only when the case has before-photos: a receipt session (random token,
   * kept hashed, RECEIPT_SESSION_MINUTES long) that lets this tipster fetch exactly those photos.
   */
  photos?: { session: string; ids: string[] };
}

export interface TipService {
  /** Progress notices can be offered only when a TIP_CONTACT_KEY is configured. */
  readonly canNotify: boolean;
  /** The H5 form that channels which cannot be anonymous point to. */
  readonly formUrl?: string;
  /** Type check, size cap and re-encoding like every photo, but never with a hash or capture time. */
  intakePhoto(ref: MediaRef): Promise<PhotoRef>;
  /** Deletes photos taken in by `intakePhoto` for a tip that was then not filed (no orphan files). */
  discardPhotos(photos: PhotoRef[]): Promise<void>;
  submitTip(input: TipInput): Promise<{ receiptCode: string; caseNumber: string }>;
  /** FORBIDDEN (details.attemptsLeft) for an unknown code or a wrong PIN; RATE_LIMITED (details.minutes) while locked. */
  checkTip(receiptCode: string, pin: string, opts?: { openPhotos?: boolean }): Promise<TipStatusView>;
  /** The before-photo ids a receipt session may fetch: none for an unknown or expired session. */
  receiptPhotoIds(session: string): Promise<string[]>;
  /** Like checkTip, then keeps `notify` sealed for progress notices (e.g. a mail tipster who opts in by replying). INVALID_INPUT without a contact key. */
  subscribe(receiptCode: string, pin: string, notify: { chat: ChatRef; locale: Locale }): Promise<TipStatusView>;
  /** County officials and admins record the reward decision on a tip's case. */
  setReward(caseNumber: string, reward: TipReward, by: Actor): Promise<void>;
  /**
   * The reward state of a tip's case, for officials who may see that case (the caller checks); null when the
   * case is not a tip. Only the state: never the receipt code, PIN hash or channel.
   */
  rewardOf(caseNumber: string): Promise<TipReward | null>;
  /** Tells an opted-in tipster about a status change and forgets their contact once the case is settled. Idempotent. */
  onCaseChanged(c: Case): Promise<void>;
}
