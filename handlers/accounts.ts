import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DomainError, isCountyLevel, roles } from '../domain/index.js';
import type { Actor, Identity, IdentityRepo, Role, TownRepo } from '../domain/index.js';

/** Readable one-time passwords: no 0/O or 1/l confusion when read off a log or a phone screen. */
export function oneTimePassword(length = 12): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

export interface AccountDeps {
  identities: IdentityRepo;
  towns: TownRepo;
  newId: () => string;
  now: () => Date;
}

/** Creates the first admin once; returns its one-time password only when it was just created. */
export async function ensureAdmin(deps: AccountDeps): Promise<string | undefined> {
  if ((await deps.identities.list({ role: 'admin' })).length > 0) return undefined;
  const password = oneTimePassword();
  await deps.identities.insert({
    id: deps.newId(),
    displayName: '管理员',
    role: 'admin',
    username: 'admin',
    passwordHash: await hash(password),
    mustChangePassword: true,
    createdAt: deps.now(),
  });
  return password;
}

export async function createAccount(
  deps: AccountDeps,
  by: Actor,
  input: { username: string; role: string; townId?: string; displayName?: string },
): Promise<{ identity: Identity; password: string }> {
  if (!isCountyLevel(by) || (input.role === 'admin' && by.role !== 'admin')) {
    throw new DomainError('FORBIDDEN', 'only county officials and admins create accounts');
  }
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(input.username)) {
    throw new DomainError('INVALID_INPUT', 'username: 3–32 lowercase letters, digits, _ . -', { field: 'username' });
  }
  if (!(roles as readonly string[]).includes(input.role) || input.role === 'worker') {
    throw new DomainError('INVALID_INPUT', 'role must be town_official, county_official or admin', { field: 'role' });
  }
  const role = input.role as Role;
  if (role === 'town_official') {
    if (!input.townId || !(await deps.towns.get(input.townId))) {
      throw new DomainError('INVALID_INPUT', 'a town official needs an existing town', { field: 'town' });
    }
  }
  const password = oneTimePassword();
  const identity: Identity = {
    id: deps.newId(),
    displayName: input.displayName?.trim() || input.username,
    role,
    ...(role === 'town_official' ? { townId: input.townId } : {}),
    username: input.username,
    passwordHash: await hash(password),
    mustChangePassword: true,
    createdAt: deps.now(),
  };
  await deps.identities.insert(identity);
  return { identity, password };
}

export async function verifyLogin(deps: AccountDeps, username: string, password: string): Promise<Identity> {
  const identity = await deps.identities.getByUsername(username.trim().toLowerCase());
  // Same error for unknown users and wrong passwords: no account enumeration.
  if (!identity?.passwordHash || !(await verify(identity.passwordHash, password))) {
    throw new DomainError('FORBIDDEN', 'wrong username or password');
  }
  return identity;
}

export async function changePassword(deps: AccountDeps, identity: Identity, current: string, next: string): Promise<void> {
  if (!identity.passwordHash || !(await verify(identity.passwordHash, current))) {
    throw new DomainError('FORBIDDEN', 'wrong password');
  }
  if (next.length < 10) throw new DomainError('INVALID_INPUT', 'the new password needs at least 10 characters', { field: 'password' });
  await deps.identities.update({ ...identity, passwordHash: await hash(next), mustChangePassword: false });
}
