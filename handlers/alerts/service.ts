import { randomBytes } from 'node:crypto';
import { alertTypes, DomainError, newCase, openStatuses } from '../../domain/index.js';
import type { Actor, AlertDevice, AlertType, Case, DeviceKind, GeoPoint, IntakeStores, MediaRef } from '../../domain/index.js';
import type { HandlerDeps } from '../context.js';
import { dispatchCase } from '../dispatch.js';
import { intakePhoto } from '../media/photo-intake.js';
import { notifyNewCase } from '../notify.js';
import { shanghaiYear } from '../report/submit.js';
import { deviceSecret } from './credentials.js';

export interface AlertReport {
  type: AlertType;
  state: 'raised' | 'cleared';
  occurredAt: Date;
  /** 0–1, as the recogniser reports it. */
  confidence: number;
  /** A registered enterprise; the device's own enterprise when absent. */
  enterpriseId?: string;
  enterpriseName?: string;
  description?: string;
  location?: GeoPoint;
  snapshot?: MediaRef;
}

export type AlertOutcome =
  | { result: 'created'; caseNumber: string }
  | { result: 'repeat'; caseNumber: string; repeats: number }
  | { result: 'cleared'; caseNumber: string }
  | { result: 'nothing_open' };

export interface NewDevice {
  id: string;
  name: string;
  kind: DeviceKind;
  enterpriseId?: string;
  townId?: string;
}

export interface AlertOptions {
  /** ALERT_SIGNING_KEY: derives every device secret. */
  serverKey: Uint8Array;
  /** Repeats of a device and type closer than this to the last one count on the same case. */
  dedupWindowMs: number;
}

export type AlertService = ReturnType<typeof createAlertService>;

const deviceIdPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/;
const adminOnly = (by: Actor) => {
  if (by.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an administrator manages alert devices');
};

/** AI 预警 intake: an alert becomes a case, repeats are counted on it, "cleared" waits for an official's confirmation. */
export function createAlertService(deps: HandlerDeps, stores: IntakeStores, opts: AlertOptions) {
  const { cases, enterprises } = deps.stores;
  // A camera can fire many alerts of one type at once: within this process they take turns (no lost races);
  // between replicas the compare-and-set below decides and the loser reads again.
  const turns = new Map<string, Promise<unknown>>();
  const inTurn = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (turns.get(key) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    turns.set(key, settled);
    void settled.then(() => turns.get(key) === settled && turns.delete(key));
    return run;
  };
  const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** Math.min(attempt, 5)));

  async function placeEnterprise(device: AlertDevice, r: AlertReport) {
    const id = r.enterpriseId ?? device.enterpriseId;
    if (!id) return { enterpriseName: r.enterpriseName?.trim() || undefined };
    const e = await enterprises.get(id);
    if (!e) throw new DomainError('NOT_FOUND', `unknown enterprise ${id}`, { field: 'enterpriseId' });
    return { enterpriseId: e.id, enterpriseName: e.name };
  }

  const describe = (device: AlertDevice, r: AlertReport) => {
    const pct = Math.round(r.confidence * 100);
    const extra = r.description?.trim() ? `：${r.description.trim()}` : '';
    return `AI 预警：${alertTypes[r.type]}（设备「${device.name}」，置信度 ${pct}%）${extra}`.slice(0, 2000);
  };

  async function open(device: AlertDevice, r: AlertReport, caseId: string, now: Date): Promise<Case> {
    const place = await placeEnterprise(device, r);
    const photos = r.snapshot ? [await intakePhoto(r.snapshot, deps.photoLimits, deps.stores.media, { keepEvidence: true })] : [];
    const base = newCase(
      {
        id: caseId,
        source: 'ai_alert',
        description: describe(device, r),
        ...place,
        photos,
        location: r.location,
        category: alertTypes[r.type],
      },
      { id: `device:${device.id}`, role: 'worker' },
      now,
    );
    const c: Case = { ...base, alert: { deviceId: device.id, type: r.type, repeats: 0, firstAt: r.occurredAt, lastAt: now, confidence: r.confidence } };
    // The same rules as a report: the enterprise's town (registered by the system), else the town whose area holds
    // the location, else the device's own town for confirmation, else the county duty queue.
    const { case: placed } = await dispatchCase(deps.stores, c, { posterEnterpriseId: place.enterpriseId, typed: place.enterpriseId ? undefined : place.enterpriseName, posterTownId: device.townId }, now);
    return placed;
  }

  /** The case still collecting this device's alerts of this type, if any. */
  async function current(device: AlertDevice, type: AlertType) {
    const incident = await stores.incidents.latest(device.id, type);
    const c = incident ? await cases.get(incident.caseId) : null;
    return { incident, c: c && openStatuses.includes(c.status) ? c : null };
  }

  async function raise(device: AlertDevice, r: AlertReport): Promise<AlertOutcome> {
    // A lost race (another request opened the case, or changed it) just reads again.
    for (let attempt = 0; attempt < 10; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const now = deps.clock.now();
      const { incident, c } = await current(device, r.type);
      // The window runs on the server's clock from the last alert received, not on the device's clock.
      if (c?.alert && now.getTime() - c.alert.lastAt.getTime() <= opts.dedupWindowMs) {
        const alert = {
          ...c.alert,
          repeats: c.alert.repeats + 1,
          lastAt: now,
          confidence: Math.max(c.alert.confidence, r.confidence),
          // The risk is back: an earlier "cleared" no longer stands.
          clearedAt: undefined,
        };
        try {
          const saved = await cases.update({ ...c, alert, updatedAt: now });
          deps.log.info({ caseNumber: saved.number, device: device.id, type: r.type, repeats: alert.repeats }, 'ai alert repeated');
          return { result: 'repeat', caseNumber: saved.number, repeats: alert.repeats };
        } catch (e) {
          if (e instanceof DomainError && e.code === 'VERSION_CONFLICT') continue;
          throw e;
        }
      }
      const caseId = deps.newId();
      const generation = (incident?.generation ?? 0) + 1;
      // Validate and build before claiming, so a bad snapshot or enterprise leaves no incident behind.
      const fresh = await open(device, r, caseId, now);
      if (!(await stores.incidents.open({ deviceId: device.id, type: r.type, generation, caseId, openedAt: now }))) continue;
      const opened = await cases.insertNumbered(fresh, deps.casePrefix, shanghaiYear(now));
      deps.log.info({ caseNumber: opened.number, source: opened.source, device: device.id, type: r.type, town: opened.townId ?? null }, 'ai alert opened a case');
      await notifyNewCase(deps, opened);
      await deps.onCaseChanged?.(opened);
      return { result: 'created', caseNumber: opened.number };
    }
    throw new DomainError('VERSION_CONFLICT', 'too many concurrent alerts for this device and type; retry');
  }

  async function clear(device: AlertDevice, r: AlertReport): Promise<AlertOutcome> {
    for (let attempt = 0; attempt < 10; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const { c } = await current(device, r.type);
      if (!c?.alert) return { result: 'nothing_open' };
      if (c.alert.clearedAt) return { result: 'cleared', caseNumber: c.number };
      const now = deps.clock.now();
      try {
        const saved = await cases.update({ ...c, alert: { ...c.alert, clearedAt: r.occurredAt }, updatedAt: now });
        deps.log.info({ caseNumber: saved.number, device: device.id, type: r.type }, 'ai alert cleared; awaiting confirmation');
        return { result: 'cleared', caseNumber: saved.number };
      } catch (e) {
        if (e instanceof DomainError && e.code === 'VERSION_CONFLICT') continue;
        throw e;
      }
    }
    throw new DomainError('VERSION_CONFLICT', 'the case kept changing; retry');
  }

  return {
    /** The device if it may post now; null when unknown or revoked (the caller answers alike). */
    async activeDevice(id: string): Promise<AlertDevice | null> {
      const d = await stores.devices.get(id);
      return d && !d.revokedAt ? d : null;
    },
    secretOf: (d: AlertDevice) => deviceSecret(opts.serverKey, d),
    /** Claims a request nonce; false when it was seen before (a replay). */
    async claimNonce(deviceId: string, nonce: string, now: Date, pruneBefore: Date): Promise<boolean> {
      // Pruning rides along at random: no job is needed, and the table stays near one window's size.
      if (randomBytes(1)[0]! < 8) await stores.nonces.prune(pruneBefore);
      return stores.nonces.claim(`alert:${deviceId}`, nonce, now);
    },
    receive: (device: AlertDevice, r: AlertReport) => inTurn(`${device.id}|${r.type}`, () => (r.state === 'cleared' ? clear(device, r) : raise(device, r))),

    devices: () => stores.devices.list(),
    /** Registers a device and returns its secret, shown once. */
    async issue(input: NewDevice, by: Actor): Promise<{ device: AlertDevice; secret: string }> {
      adminOnly(by);
      if (!deviceIdPattern.test(input.id)) throw new DomainError('INVALID_INPUT', 'device id: 2–64 letters, digits, . _ -', { field: 'id' });
      if (!input.name.trim()) throw new DomainError('INVALID_INPUT', 'device name is required', { field: 'name' });
      const e = input.enterpriseId ? await enterprises.get(input.enterpriseId) : null;
      if (input.enterpriseId && !e) throw new DomainError('NOT_FOUND', `unknown enterprise ${input.enterpriseId}`, { field: 'enterpriseId' });
      const device: AlertDevice = {
        id: input.id,
        name: input.name.trim().slice(0, 100),
        kind: input.kind,
        ...(e ? { enterpriseId: e.id, townId: e.townId } : input.townId ? { townId: input.townId } : {}),
        keyVersion: 1,
        createdBy: by.id,
        createdAt: deps.clock.now(),
      };
      await stores.devices.insert(device);
      return { device, secret: deviceSecret(opts.serverKey, device) };
    },
    /** A new secret; the old one stops working at once. A revoked device is reinstated. */
    async rotate(id: string, by: Actor): Promise<{ device: AlertDevice; secret: string }> {
      adminOnly(by);
      const d = await stores.devices.get(id);
      if (!d) throw new DomainError('NOT_FOUND', `no device ${id}`);
      const { revokedAt: _, ...rest } = d;
      const device = { ...rest, keyVersion: d.keyVersion + 1 };
      await stores.devices.update(device);
      return { device, secret: deviceSecret(opts.serverKey, device) };
    },
    async revoke(id: string, by: Actor): Promise<void> {
      adminOnly(by);
      const d = await stores.devices.get(id);
      if (!d) throw new DomainError('NOT_FOUND', `no device ${id}`);
      await stores.devices.update({ ...d, revokedAt: deps.clock.now() });
    },
  };
}
