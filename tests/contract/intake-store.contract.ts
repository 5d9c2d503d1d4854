import { describe, expect, it } from 'vitest';
import type { AlertDevice, IntakeStores } from '../../domain/alerts.js';
import { expectDomainError } from './expect-domain-error.js';

/** One suite for the intake ports (AI-alert devices and incidents, request nonces, polled messages). */
export function intakeStoreContract(name: string, fresh: () => Promise<IntakeStores>): void {
  const t0 = new Date('2026-06-01T01:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  const device = (over: Partial<AlertDevice> = {}): AlertDevice => ({
    id: 'cam-01',
    name: '熔炼车间东侧摄像头',
    kind: 'camera',
    enterpriseId: 'ent-1',
    townId: 'nancun',
    keyVersion: 1,
    createdBy: 'admin',
    createdAt: t0,
    ...over,
  });

  describe(`intake store contract: ${name}`, () => {
    it('keeps devices, refuses a second one with the same id, and replaces on update', async () => {
      const { devices } = await fresh();
      await devices.insert(device());
      await devices.insert(device({ id: 'robot-02', kind: 'welding_robot', enterpriseId: undefined }));
      await expectDomainError(devices.insert(device({ name: '另一个' })), 'DUPLICATE');
      expect(await devices.get('cam-01')).toEqual(device());
      await devices.update(device({ keyVersion: 2, revokedAt: at(60) }));
      expect(await devices.get('cam-01')).toMatchObject({ keyVersion: 2, revokedAt: at(60) });
      expect((await devices.list()).map((d) => d.id)).toEqual(['cam-01', 'robot-02']);
      await expectDomainError(devices.update(device({ id: 'nope' })), 'NOT_FOUND');
      expect(await devices.get('nope')).toBeNull();
    });

    it('opens each incident generation once and reports the latest per device and type', async () => {
      const { incidents } = await fresh();
      expect(await incidents.latest('cam-01', 'no_helmet')).toBeNull();
      const first = { deviceId: 'cam-01', type: 'no_helmet' as const, generation: 1, caseId: 'case-a', openedAt: at(0) };
      expect(await incidents.open(first)).toBe(true);
      expect(await incidents.open({ ...first, caseId: 'case-b' })).toBe(false);
      expect(await incidents.open({ ...first, generation: 2, caseId: 'case-c', openedAt: at(10) })).toBe(true);
      expect(await incidents.open({ ...first, type: 'gas_leak', caseId: 'case-d' })).toBe(true);
      expect(await incidents.latest('cam-01', 'no_helmet')).toEqual({ ...first, generation: 2, caseId: 'case-c', openedAt: at(10) });
      expect((await incidents.latest('cam-01', 'gas_leak'))?.caseId).toBe('case-d');
    });

    it('lets exactly one of many parallel openers win a generation', async () => {
      const { incidents } = await fresh();
      const tries = Array.from({ length: 8 }, (_, i) =>
        incidents.open({ deviceId: 'cam-01', type: 'smoke_fire', generation: 1, caseId: `case-${i}`, openedAt: at(0) }),
      );
      expect((await Promise.all(tries)).filter(Boolean)).toHaveLength(1);
    });

    it('claims a nonce once per scope, in parallel too, and prunes old ones', async () => {
      const { nonces } = await fresh();
      const claims = await Promise.all(Array.from({ length: 6 }, () => nonces.claim('cam-01', 'n-123', at(0))));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await nonces.claim('robot-02', 'n-123', at(0))).toBe(true);
      expect(await nonces.claim('cam-01', 'n-456', at(600))).toBe(true);
      expect(await nonces.prune(at(300))).toBe(2);
      expect(await nonces.claim('cam-01', 'n-456', at(601))).toBe(false);
      expect(await nonces.claim('cam-01', 'n-123', at(602))).toBe(true);
    });

    it('claims a polled message once, and again after a release', async () => {
      const { messages } = await fresh();
      const id = '<CAF=abc.123@mail.example.cn>';
      expect(await messages.claim('mail', id, at(0))).toBe(true);
      expect(await messages.claim('mail', id, at(1))).toBe(false);
      await messages.release('mail', id);
      expect(await messages.claim('mail', id, at(2))).toBe(true);
    });
  });
}
