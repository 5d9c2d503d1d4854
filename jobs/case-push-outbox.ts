import type { CaseChangeIntent, CaseNotice, CaseOutbox } from '../domain/case-outbox.js';
import type { Case, CaseRepo, Clock } from '../domain/index.js';
import type { CasePushPort } from '../handlers/case-push-port.js';
import type { Delivery } from './delivery.js';
import type { JobLogger } from './logger.js';

export interface CasePushOutboxDeps {
  outbox: CaseOutbox;
  cases: CaseRepo;
  /** Each (case, version, target) is claimed in the DeliveryLog, so replicas sweeping together send it once. */
  delivery: Delivery;
  /** Delivers an intent's personal notices (handlers/notify.ts `deliverNotices`: once per person and event). */
  notify?: (notices: CaseNotice[]) => Promise<void>;
  /** Gives the tip service a tip case whose status a change moved (it tells an opted-in tipster, once per status). */
  tipMoved?: (c: Case) => Promise<void>;
  clock: Clock;
  logger: JobLogger;
  /** How often each process sweeps (default 10 s). */
  everyMs?: number;
  /** An intent younger than this is still its writer's to send (default 5 s). */
  graceMs?: number;
  /** An intent whose change has not landed after this never will: its writer died before the write (default 10 min). */
  abandonMs?: number;
}

export interface CasePushOutbox extends CasePushPort {
  /** Sends what changes that landed still owe, drops what never landed; returns the counts. */
  sweep(): Promise<{ sent: number; dropped: number; waiting: number }>;
  /** Sweeps now and then every `everyMs`, in this process. */
  start(): void;
  close(): Promise<void>;
}

const SWEEP_BATCH = 200;

/**
 * Case-change pushes through the outbox (domain/case-outbox.ts): recorded before the case write, sent after it, and
 * swept up when the writer died in between. The sweep is a timer in every process rather than a scheduler job: a
 * BullMQ job every few seconds would leave tens of thousands of completed jobs a week in Redis, and replicas
 * sweeping together are safe (the delivery claims decide who sends).
 */
export function createCasePushOutbox(d: CasePushOutboxDeps): CasePushOutbox {
  const everyMs = d.everyMs ?? 10_000;
  const graceMs = d.graceMs ?? 5_000;
  const abandonMs = d.abandonMs ?? 10 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;

  /** True when every push is sent (or refused for good by its platform) and the intent is gone. */
  async function send(i: CaseChangeIntent): Promise<boolean> {
    let done = true;
    for (const p of i.pushes) {
      try {
        await d.delivery.deliver({ target: p.target, subject: `case:${i.caseId}`, rung: `push@v${i.version}` }, p.messages);
      } catch (e) {
        // Another process holds the claim, or the channel failed: the sweeper tries again.
        done = false;
        d.logger.warn({ caseId: i.caseId, version: i.version, channel: p.target.split(':')[0], err: (e as Error).message }, 'case push not sent yet');
      }
    }
    try {
      if (i.notices?.length && d.notify) await d.notify(i.notices);
      const tip = i.tipMoved && d.tipMoved ? await d.cases.get(i.caseId) : null;
      if (tip) await d.tipMoved!(tip);
    } catch (e) {
      done = false;
      d.logger.warn({ caseId: i.caseId, version: i.version, err: (e as Error).message }, 'case notices not delivered yet');
    }
    if (done) await d.outbox.remove(i.id);
    return done;
  }

  /** Did the case take this intent's change? 'not_yet' while its version is below the intent's. */
  async function landed(i: CaseChangeIntent): Promise<'yes' | 'no' | 'not_yet'> {
    const c = await d.cases.get(i.caseId);
    if (!c) return 'no';
    if (c.version < i.version) return 'not_yet';
    const at = i.event.at.getTime();
    const own = c.history.some((e) => e.at.getTime() === at && e.actorId === i.event.actorId && e.action === i.event.action);
    return own ? 'yes' : 'no';
  }

  async function sweep() {
    const now = d.clock.now().getTime();
    const result = { sent: 0, dropped: 0, waiting: 0 };
    for (const i of await d.outbox.recordedBefore(new Date(now - graceMs), SWEEP_BATCH)) {
      const state = await landed(i);
      if (state === 'yes') {
        if (await send(i)) result.sent++;
        else result.waiting++;
      } else if (state === 'no' || i.recordedAt.getTime() < now - abandonMs) {
        await d.outbox.remove(i.id);
        result.dropped++;
      } else result.waiting++;
    }
    if (result.sent || result.dropped) d.logger.info(result, 'case push outbox swept');
    return result;
  }

  const tick = () => {
    sweeping ??= sweep()
      .catch((e: Error) => d.logger.warn({ err: e.message }, 'case push sweep failed'))
      .finally(() => (sweeping = undefined));
  };

  return {
    record: (i) => d.outbox.put(i),
    discard: (i) => d.outbox.remove(i.id),
    async deliver(i) {
      try {
        await send(i);
      } catch (e) {
        d.logger.warn({ caseId: i.caseId, err: (e as Error).message }, 'case push left to the sweeper');
      }
    },
    sweep,
    start() {
      tick();
      timer = setInterval(tick, everyMs);
      timer.unref();
    },
    async close() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
