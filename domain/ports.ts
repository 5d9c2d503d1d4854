import type { Case, CaseSource, CaseStatus, PhotoRef, Severity } from './case.js';
import type { Enterprise } from './enterprise.js';
import type { Identity, Role } from './identity.js';
import type { ChatRef } from './messages.js';
import type { Town } from './town.js';

/**
 * Domain-level repository ports. Implemented by stores/sqlite and stores/mongo and verified by one
 * contract suite (tests/contract). Writes that change a case are single-document compare-and-set on `version`.
 */

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  next?: string;
}
export interface PageRequest {
  limit: number;
  after?: string;
}

export interface CaseFilter {
  townId?: string;
  /** Any of these; an empty list matches nothing. */
  status?: CaseStatus[];
  severity?: Severity;
  source?: CaseSource;
  enterpriseId?: string;
  assigneeId?: string;
  reporterId?: string;
  /** Open cases whose deadline is before this instant. */
  overdueAt?: Date;
  /** Inclusive. */
  createdFrom?: Date;
  /** Exclusive. */
  createdTo?: Date;
  /** Cases whose deadline is at or after this instant (cases without a deadline never match). */
  deadlineFrom?: Date;
  /** Exclusive upper bound of the deadline. */
  deadlineTo?: Date;
  /** Cases changed (updatedAt) at or after this instant. */
  updatedFrom?: Date;
  /** Exclusive upper bound of updatedAt. */
  updatedTo?: Date;
}

export interface CaseRepo {
  /** Atomic per-(prefix, year) counter: returns 1, 2, 3 … even under concurrent callers (document numbers). */
  nextSequence(prefix: string, year: number): Promise<number>;
  /**
   * Inserts a new case under the next free case number of prefix and year (its own `number` is ignored) and returns
   * it numbered. The insert is what takes the number, so numbers stay gap-free and unique per year even when a
   * process dies mid-way or replicas race. DUPLICATE when the id exists.
   */
  insertNumbered(c: Case, prefix: string, year: number): Promise<Case>;
  /** DUPLICATE when the id or number exists. */
  insert(c: Case): Promise<void>;
  get(id: string): Promise<Case | null>;
  getByNumber(number: string): Promise<Case | null>;
  /**
   * Replaces the case if its stored version is still `c.version`; returns it with version + 1.
   * VERSION_CONFLICT otherwise (someone else changed it first), NOT_FOUND if it is gone.
   */
  update(c: Case): Promise<Case>;
  /** Newest first (createdAt, then id), stable under inserts between pages. */
  list(filter: CaseFilter, page: PageRequest): Promise<Page<Case>>;
  /**
   * Every case matching, in batches of at most `batch` and in no particular order: for work that reads all of them
   * (the reminder sweep) without paying for a sorted page each time. A case changed while the scan runs may be seen
   * in its old or new state, as with any cursor.
   */
  scan(filter: CaseFilter, batch?: number): AsyncIterable<Case[]>;
  count(filter: CaseFilter): Promise<number>;
}

export interface EnterpriseFilter {
  townId?: string;
  riskLevel?: Enterprise['riskLevel'];
}

export interface EnterpriseRepo {
  /** DUPLICATE when the id, the credit code, or the name within the town exists. */
  insert(e: Enterprise): Promise<void>;
  /** Compare-and-set on version like cases. */
  update(e: Enterprise): Promise<Enterprise>;
  get(id: string): Promise<Enterprise | null>;
  getByCreditCode(code: string): Promise<Enterprise | null>;
  /** Name or alias containing the query (case-insensitive), best matches first. */
  search(query: string, limit: number, townId?: string): Promise<Enterprise[]>;
  list(filter: EnterpriseFilter, page: PageRequest): Promise<Page<Enterprise>>;
}

export interface TownRepo {
  upsert(t: Town): Promise<void>;
  get(id: string): Promise<Town | null>;
  list(): Promise<Town[]>;
}

export interface IdentityRepo {
  /**
   * DUPLICATE when the id or username exists. With `chat`, that chat acts as the new identity from now on, bound in
   * the same write where the store allows (one SQLite transaction: one commit, and no identity without its chat).
   */
  insert(i: Identity, chat?: ChatRef): Promise<void>;
  update(i: Identity): Promise<void>;
  get(id: string): Promise<Identity | null>;
  getByUsername(username: string): Promise<Identity | null>;
  list(filter: { role?: Role; townId?: string }): Promise<Identity[]>;
  /** A chat acts as this identity from now on (replaces an earlier binding of the chat). */
  bind(chat: ChatRef, identityId: string): Promise<void>;
  unbind(chat: ChatRef): Promise<void>;
  byChat(chat: ChatRef): Promise<Identity | null>;
  chatsOf(identityId: string): Promise<ChatRef[]>;
}

/** A chat's dialog state as stored, with the version that compare-and-set writes check (absent = 0). */
export interface StoredDialog {
  state: unknown;
  version: number;
}

/**
 * Per-chat dialog state (a JSON document validated by the handler that owns it). Writes are
 * compare-and-set on the version read: two replicas handling one chat cannot both win.
 */
export interface DialogRepo {
  get(chat: ChatRef): Promise<StoredDialog | null>;
  /**
   * Stores `state` as version `expected + 1` iff the chat is stored at `expected`; false otherwise. With `expected` 0
   * (not stored) the first version is the store's choice, never 0: pass back what `get` returned.
   */
  put(chat: ChatRef, state: unknown, expected: number): Promise<boolean>;
  /** Removes the chat's state iff stored at `expected`; false when another writer changed it. */
  delete(chat: ChatRef, expected: number): Promise<boolean>;
}

export interface StoredMedia {
  ref: PhotoRef;
  data: Uint8Array;
}

/**
 * Photos addressed by the SHA-256 of their bytes: storing the same bytes twice yields one copy. Tip photos
 * are the exception: `putAnonymous` gives each upload a random id of the same shape, shares nothing with
 * any other upload (no dedupe, no hash, no capture time), so a tip's photo cannot be matched to a named report.
 */
export interface MediaStore {
  put(data: Uint8Array, meta: { mime: string; originalSha256?: string; capturedAt?: Date }): Promise<PhotoRef>;
  putAnonymous(data: Uint8Array, mime: string): Promise<PhotoRef>;
  get(id: string): Promise<StoredMedia | null>;
  /** Removes an anonymous upload no case refers to (a refused tip form); content-addressed photos stay. */
  deleteAnonymous(id: string): Promise<void>;
}

/** Everything a composition root hands to the handlers. */
export interface Stores {
  cases: CaseRepo;
  enterprises: EnterpriseRepo;
  towns: TownRepo;
  identities: IdentityRepo;
  dialogs: DialogRepo;
  media: MediaStore;
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
