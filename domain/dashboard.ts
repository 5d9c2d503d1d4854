import type { RiskLevel, supervisionLevels } from './enterprise.js';
import type { Role } from './identity.js';
import type { Page, PageRequest } from './ports.js';

/**
 * Ports of the officials' dashboard. Implemented by stores/sqlite/dashboard-* and
 * stores/mongo/dashboard-*, verified by tests/unit/dashboard/dashboard-stores.test.ts on both.
 */

/** A one-time dashboard login link. Only the SHA-256 of the token is stored. */
export interface LoginToken {
  hash: string;
  identityId: string;
  expiresAt: Date;
}

export interface LoginTokenRepo {
  put(t: LoginToken): Promise<void>;
  /** The identity of an unexpired token, once: null when unknown, expired or already used (also under races). */
  consume(hash: string, now: Date): Promise<string | null>;
}

/** Who did what, when and from where: one entry per official action in the dashboard. */
export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string;
  actorName: string;
  actorRole: Role;
  /** Dotted verb: `login`, `case.approve`, `enterprise.import`, `report.download` … */
  action: string;
  /** What it acted on: `case:ZZ-2026-000001`, `enterprise:<id>`, `town:nancun`. */
  target?: string;
  detail?: string;
  /** Remote address as the server saw it; a proxy's claim is kept apart, unverified. */
  address?: string;
  forwardedFor?: string;
  userAgent?: string;
}

export interface AuditFilter {
  actorId?: string;
  target?: string;
}

export interface AuditLog {
  append(e: AuditEntry): Promise<void>;
  /** Newest first, keyset-paged like cases. */
  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}

/** One step in an enterprise's 分级分类 record: its risk and supervision level from `at` on. */
export interface RatingChange {
  id: string;
  enterpriseId: string;
  at: Date;
  actorId: string;
  actorName: string;
  riskLevel: RiskLevel;
  supervisionLevel: (typeof supervisionLevels)[number];
  /** `create`, `edit` or `import`. */
  via: 'create' | 'edit' | 'import';
  note?: string;
}

export interface RatingHistory {
  append(c: RatingChange): Promise<void>;
  /** Oldest first. */
  list(enterpriseId: string): Promise<RatingChange[]>;
}

/**
 * Dashboard sessions by web chat (`web:<sid>`): when each was last used, for the idle timeout. In the store,
 * so every replica sees the same sessions and a restart signs no official out.
 */
export interface DashboardSessionRepo {
  lastSeen(chat: string): Promise<Date | null>;
  seen(chat: string, at: Date): Promise<void>;
  end(chat: string): Promise<void>;
  /** Ends every session last used before `before`. */
  prune(before: Date): Promise<void>;
  /** A deployment-wide secret by name: the first caller's `fresh` value is kept, every call returns the kept one. */
  secret(name: string, fresh: string): Promise<string>;
}

export interface DashboardStores {
  loginTokens: LoginTokenRepo;
  audit: AuditLog;
  ratings: RatingHistory;
  sessions: DashboardSessionRepo;
}
