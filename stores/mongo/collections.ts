import type { Db, Document } from 'mongodb';
import type { Case } from '../../domain/case.js';
import type { Enterprise } from '../../domain/enterprise.js';
import type { Identity } from '../../domain/identity.js';
import type { Town } from '../../domain/town.js';

/** A domain record as stored: its `id` becomes `_id`, plus any fields only the store uses. */
export type Stored<T extends { id: string }, Extra = unknown> = Omit<T, 'id'> & { _id: string } & Extra;

/** `creditKey` / `usernameKey`: always set, see uniqueWhenPresent. */
export type EnterpriseDoc = Stored<Enterprise, { creditKey: string }>;
export type IdentityDoc = Stored<Identity, { usernameKey: string }>;

export interface BindingDoc {
  _id: string; // the chat
  identityId: string;
  boundAt: Date;
}
export interface DialogDoc {
  _id: string; // the chat
  /** json-codec text: dialog state may hold nested arrays or dotted keys, which FerretDB cannot store. */
  state: string;
  /** Compare-and-set version (versioned-replace.ts); restarts at 1 after the dialog is deleted. */
  version: number;
  updatedAt: Date;
}
/** Held while one writer replaces a record with a new version (versioned-replace.ts). */
export interface VersionClaimDoc {
  _id: string;
  at: Date;
}
export interface CounterDoc {
  _id: string;
  seq: number;
}

export const collections = (db: Db) => ({
  cases: db.collection<Stored<Case>>('cases'),
  enterprises: db.collection<EnterpriseDoc>('enterprises'),
  towns: db.collection<Stored<Town>>('towns'),
  identities: db.collection<IdentityDoc>('identities'),
  bindings: db.collection<BindingDoc>('chat_bindings'),
  dialogs: db.collection<DialogDoc>('dialogs'),
  counters: db.collection<CounterDoc>('counters'),
  /** One document per number handed out by nextSequence (see sequence.ts). */
  sequenceClaims: db.collection<{ _id: string }>('sequence_claims'),
  versionClaims: db.collection<VersionClaimDoc>('version_claims'),
});
export type Collections = ReturnType<typeof collections>;

export function toDoc<T extends { id: string }>(record: T): Stored<T> {
  const { id, ...rest } = record;
  return { _id: id, ...rest } as Stored<T>;
}

/** Back to the domain shape, dropping the store-only fields named in `derived`. */
export function fromDoc<T>(doc: Document, ...derived: string[]): T {
  const { _id, ...rest } = doc;
  for (const k of derived) delete rest[k];
  return { id: _id, ...rest } as T;
}

/**
 * FerretDB has no partial or sparse indexes, so an optional unique field gets an always-set twin:
 * the value when present, else a per-record placeholder. The prefixes keep the two spaces apart.
 */
export const uniqueWhenPresent = (value: string | undefined, id: string): string =>
  value === undefined ? `none:${id}` : presentKey(value);
export const presentKey = (value: string): string => `value:${value}`;
