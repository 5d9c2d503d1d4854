import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DomainError, isCountyLevel, retryAfterSeconds, roles } from '../domain/index.js';
import type { Actor, Identity, IdentityRepo, RateLimits, Role, TownRepo } from '../domain/index.js';
import { withHashSlot } from './hash-slots.js';
import { passwordProblem } from './password-policy.js';

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

/** An unknown user's password is checked against this, so that both answers cost one argon2 verify. */
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hash(randomBytes(18).toString('base64')));

export async function verifyLogin(deps: AccountDeps, username: string, password: string): Promise<Identity> {
  const identity = await deps.identities.getByUsername(username.trim().toLowerCase());
  const stored = identity?.passwordHash ?? (await decoyHash());
  const right = await withHashSlot(() => verify(stored, password).catch(() => false));
  // Same error and the same work for unknown users and wrong passwords: no account enumeration.
  if (!identity?.passwordHash || !right) throw new DomainError('FORBIDDEN', 'wrong username or password');
  return identity;
}

const WINDOW_MS = 15 * 60_000;

/**
 * Password login behind two limits that live in the store (or Redis), so restarts and replicas share them:
 * per client address (every attempt counts) and per account name (known or not; a success forgets it).
 * RATE_LIMITED carries `minutes` until the next try.
 */
export function loginGuard(deps: AccountDeps, limits: RateLimits) {
  const byAddress = limits.limiter('login-address', { points: 20, durationMs: WINDOW_MS, blockMs: WINDOW_MS });
  const byAccount = limits.limiter('login-account', { points: 5, durationMs: WINDOW_MS, blockMs: WINDOW_MS });
  const refuse = (d: { retryAfterMs: number; allowed: boolean; remaining: number }) =>
    new DomainError('RATE_LIMITED', 'too many login attempts', { minutes: Math.ceil(retryAfterSeconds(d) / 60) });
  return async (username: string, password: string, address: string): Promise<Identity> => {
    const account = username.trim().toLowerCase().slice(0, 64);
    const a = await byAddress.consume(address);
    if (!a.allowed) throw refuse(a);
    // Counted before the check, so parallel guesses count too.
    const n = await byAccount.consume(account);
    if (!n.allowed) throw refuse(n);
    const identity = await verifyLogin(deps, username, password);
    await byAccount.reset(account);
    return identity;
  };
}

export type LoginGuard = ReturnType<typeof loginGuard>;

/** INVALID_INPUT with details.field 'password' and details.problem (password-policy.ts). */
export async function changePassword(deps: AccountDeps, identity: Identity, current: string, next: string): Promise<void> {
  if (!identity.passwordHash || !(await withHashSlot(() => verify(identity.passwordHash!, current).catch(() => false)))) {
    throw new DomainError('FORBIDDEN', 'wrong password');
  }
  const problem = next === current ? 'unchanged' : passwordProblem(next, identity.username);
  if (problem) throw new DomainError('INVALID_INPUT', `new password: ${problem}`, { field: 'password', problem });
  await deps.identities.update({ ...identity, passwordHash: await withHashSlot(() => hash(next)), mustChangePassword: false });
}
