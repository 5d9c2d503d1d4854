import type { Actor, Case, ChatPort, ChatRef, Clock, Identity, Locale, Stores } from '../domain/index.js';
import type { ChatLock } from '../domain/chat-lock.js';
import type { RateLimits } from '../domain/rate-limit.js';
import type { NotificationRepo } from '../domain/notifications.js';
import type { ExpertLoopRepo } from '../domain/expert-service.js';
import type { InviteRepo } from '../domain/tips.js';
import type { Translate } from '../locales/index.js';
import type { CasePushPort } from './case-push-port.js';
import type { DeadlinePort } from './deadline-port.js';
import type { DocumentPort } from './document-port.js';
import type { DialogState } from './dialog-state.js';
import type { KnowledgePort } from './knowledge-port.js';
import type { PhotoLimits } from './media/photo-intake.js';
import type { TipService } from './tips/types.js';

export interface HandlerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface HandlerDeps {
  stores: Stores;
  clock: Clock;
  newId: () => string;
  casePrefix: string;
  photoLimits: PhotoLimits;
  defaultLocale: Locale;
  log: HandlerLogger;
  knowledge?: KnowledgePort;
  /** Pushes to other chats (a town's group, the reporter); absent in tests that don't need it. */
  chat?: ChatPort;
  /** The outbox of case-change pushes (jobs/ implements it); without it the pushes go out directly after the write. */
  casePushes?: CasePushPort;
  /** Called after every case change (deadline planning hooks in here). */
  onCaseChanged?: (c: Case) => Promise<void>;
  /** 匿名举报 (handlers/tips); absent where tips are not wired. */
  tips?: TipService;
  /** One-time codes that bind a chat to a new official identity (/invite, /bind). */
  invites?: InviteRepo;
  /** Deadlines, reminders and the town task board; absent in tests that don't need them. */
  deadlines?: DeadlinePort;
  /** Personal notifications (inbox, badge); without it pushes still go out, unrecorded. */
  notifications?: NotificationRepo;
  /** 专家服务 loops of the key enterprises (handlers/experts); absent where not wired. */
  expertLoops?: ExpertLoopRepo;
  /** Plans the push of what quiet hours held for a person (jobs/ implements it). */
  scheduleNotificationFlush?: (identityId: string, at: Date) => Promise<void>;
  /** 督办通知书 / 督办函 documents and their 文号 (jobs/documents implements it). */
  documents?: DocumentPort;
  /** Issues a one-time dashboard login link for an identity; absent when PUBLIC_URL is not configured. */
  dashboardLink?: (identityId: string) => Promise<string>;
  /** Store- or Redis-backed rate limits (domain/rate-limit.ts); absent in tests that don't need them. */
  rateLimits?: RateLimits;
  /** One step per dialog at a time across replicas (Redis); absent in one process, where the channels serialise. */
  chatLock?: ChatLock;
}

/** One conversation step: who is talking, in which language, and where their dialog stands. */
export interface Ctx {
  deps: HandlerDeps;
  chat: ChatRef;
  identity: Identity | null;
  actor: Actor;
  locale: Locale;
  t: Translate;
  state: DialogState;
  senderName?: string;
  /** In a group chat: the sender's own chat (Inbound.sender). */
  sender?: ChatRef;
}

export function actorOf(identity: Identity | null, chat: ChatRef): Actor {
  if (!identity) return { id: `chat:${chat}`, role: 'worker' };
  return {
    id: identity.id,
    role: identity.role,
    townId: identity.townId,
    name: identity.displayName,
    ...(identity.enterpriseId && { enterpriseId: identity.enterpriseId }),
    ...(identity.enterpriseIds && { enterpriseIds: identity.enterpriseIds }),
  };
}
