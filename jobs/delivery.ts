import { DomainError, isDomainError, isUndeliverable, type ChatPort, type ChatRef, type Clock, type Outbound } from '../domain/index.js';
import { UNDELIVERABLE_MARK, isUndeliverableRecord, type DeliveryKey, type DeliveryLog } from '../domain/reminders.js';

/**
 * Sends a reminder at most once per (target, subject, rung): claim in the DeliveryLog, send, mark sent.
 *
 * The at-least-once window: a sender that dies after the channel accepted the message but before
 * `markSent` leaves a claim that turns stale after `staleClaimMs` and is sent again. That window is
 * one store write long. The web inbox closes it with the delivery key passed along as `idempotencyKey`;
 * Telegram and WeCom have no such key in their APIs, so there it stays open.
 */
export interface DeliveryOptions {
  log: DeliveryLog;
  chat: ChatPort;
  clock: Clock;
  /** Longer than any send can take: a claim older than this belongs to a dead sender. */
  staleClaimMs?: number;
  /** Told each delivery's outcome ('failed': will be retried), for metrics. */
  onOutcome?: (outcome: DeliveryOutcome | 'failed') => void;
}

export type DeliveryOutcome = 'sent' | 'already_sent' | 'undeliverable';

/** Another sender holds a fresh claim: retry later, when it has either marked it or died. */
export class DeliveryInFlight extends Error {
  override readonly name = 'DeliveryInFlight';
}

export interface Delivery {
  deliver(key: DeliveryKey, messages: Outbound[]): Promise<DeliveryOutcome>;
  /**
   * Delivers to every target, then throws if any failed so the job is retried (sent targets are then
   * skipped). Targets the platform refused for good are recorded as undeliverable and not retried;
   * other permanent failures (DomainError, e.g. an unknown channel) → a DomainError, not retried.
   */
  deliverAll(targets: ChatRef[], subject: string, rung: string, messages: Outbound[]): Promise<number>;
}

export function createDelivery(o: DeliveryOptions): Delivery {
  const staleMs = o.staleClaimMs ?? 120_000;

  async function deliver(key: DeliveryKey, messages: Outbound[]): Promise<DeliveryOutcome> {
    try {
      const outcome = await attempt(key, messages);
      o.onOutcome?.(outcome);
      return outcome;
    } catch (e) {
      if (!(e instanceof DeliveryInFlight)) o.onOutcome?.('failed');
      throw e;
    }
  }

  async function attempt(key: DeliveryKey, messages: Outbound[]): Promise<DeliveryOutcome> {
    // A permanent refusal is recorded once: retries of the job (for other targets) skip this one.
    if (isUndeliverableRecord(await o.log.get(key))) return 'undeliverable';
    const now = o.clock.now();
    const claim = await o.log.claim(key, now, new Date(now.getTime() - staleMs));
    if (claim === 'already_sent') return 'already_sent';
    if (claim === 'in_flight') throw new DeliveryInFlight(`${key.subject} ${key.rung} → ${key.target} is being sent`);
    try {
      await o.chat.send(key.target, messages, { idempotencyKey: JSON.stringify([key.target, key.subject, key.rung]) });
    } catch (e) {
      if (isUndeliverable(e)) {
        await o.log.markFailed(key, UNDELIVERABLE_MARK + e.reason, o.clock.now());
        return 'undeliverable';
      }
      await o.log.markFailed(key, (e as Error).message ?? String(e), o.clock.now());
      throw e;
    }
    await o.log.markSent(key, o.clock.now());
    return 'sent';
  }

  async function deliverAll(targets: ChatRef[], subject: string, rung: string, messages: Outbound[]): Promise<number> {
    let sent = 0;
    const failures: unknown[] = [];
    for (const target of new Set(targets)) {
      try {
        if ((await deliver({ target, subject, rung }, messages)) === 'sent') sent++;
      } catch (e) {
        failures.push(e);
      }
    }
    if (failures.length === 0) return sent;
    const detail = failures.map((e) => (e as Error).message).join('; ');
    if (failures.every((e) => isDomainError(e))) {
      throw new DomainError('INVALID_INPUT', `undeliverable ${subject} ${rung}: ${detail}`);
    }
    throw new Error(`${failures.length}/${targets.length} deliveries of ${subject} ${rung} failed: ${detail}`);
  }

  return { deliver, deliverAll };
}

/** One ChatPort over several channels, chosen by the ChatRef's prefix (`tg:`, `wecom:`, `web:`). */
export function chatRouter(ports: Record<string, ChatPort>): ChatPort {
  return {
    async send(chat, messages) {
      const port = ports[chat.slice(0, chat.indexOf(':'))];
      if (!port) throw new DomainError('INVALID_INPUT', `no channel for chat ${chat.split(':')[0]}`);
      await port.send(chat, messages);
    },
  };
}

/** After several independent sends: a transient failure wins (the job retries), else the permanent one. */
export function rethrowFirst(failures: unknown[]): void {
  if (failures.length === 0) return;
  throw failures.find((e) => !isDomainError(e)) ?? failures[0];
}
