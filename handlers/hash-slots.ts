import { DomainError } from '../domain/index.js';

/**
 * Password hashes (argon2) are the most expensive thing a stranger can make this process do, so they run
 * a few at a time for the whole process, whichever door asked; beyond a short queue the caller is told
 * to come back instead of piling up CPU work.
 */
const RUNNING_MAX = 2;
const WAITING_MAX = 16;
let running = 0;
const waiting: Array<() => void> = [];

export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= RUNNING_MAX) {
    if (waiting.length >= WAITING_MAX) throw new DomainError('RATE_LIMITED', 'password checks are busy', { busy: true, seconds: 5 });
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** For tests and /healthz: how many hashes run and wait right now. */
export const hashSlotLoad = () => ({ running, waiting: waiting.length });
