import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/config.js';
import { createApp } from '../../../app/container.js';
import { newCase, type Case } from '../../../domain/index.js';
import { caseRungKey } from '../../../jobs/plan/case-ladder.js';
import { atShanghai } from '../../../jobs/time.js';
import { memoryLogger } from '../../support/app-harness.js';

// main.ts listens before the start-up work (the plan file's tasks, the start-up sweep) is done: a large store's
// sweep takes seconds, and probes and the web chat must not wait for it. Load balancers wait for /readyz.
const now = atShanghai('2026-07-13', 9, 0); // a Monday
const clock = { now: () => now };
const get = (app: { fetch: (r: Request) => Response | Promise<Response> }, path: string) => app.fetch(new Request(`http://localhost${path}`));

/** Open and assessed, due Thursday, written straight to the store: no reminder is planned until a sweep plans it. */
function caseDueThursday(): Case {
  const c = newCase({ id: 'due-thursday', number: 'ZZ-2026-000001', source: 'inspection', description: '有限空间作业未检测', photos: [] }, { id: 'o1', role: 'county_official' }, now);
  return { ...c, status: 'assessed', townId: 'nancun', deadline: atShanghai('2026-07-16', 18, 0) };
}

describe('start-up work after listening (deferStartWork, as main.ts starts the app)', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function restartedWithOpenCase() {
    const dir = mkdtempSync(join(tmpdir(), 'zz-deferred-'));
    dirs.push(dir);
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'warn' });
    const first = await createApp(config, memoryLogger().log, { clock });
    await first.stores.cases.insert(caseDueThursday());
    await first.close();
    return createApp(config, memoryLogger().log, { clock, deferStartWork: true });
  }

  it('answers /healthz and serves the web chat at once; /readyz says ready only once the start-up sweep has planned the open cases', async () => {
    const app = await restartedWithOpenCase();
    try {
      const health = await get(app, '/healthz');
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', store: { kind: 'sqlite', ok: true } });
      expect(await (await get(app, '/')).text()).toContain('安全生产助手');
      const starting = await get(app, '/readyz');
      expect(starting.status).toBe(503);
      expect(await starting.json()).toMatchObject({ ready: false });
      expect(await app.deadlines.scheduler.nextRun(caseRungKey('due-thursday', 'due'))).toBeNull();

      await app.finishStart();
      expect((await get(app, '/readyz')).status).toBe(200);
      expect(await app.deadlines.scheduler.nextRun(caseRungKey('due-thursday', 'due'))).not.toBeNull();
    } finally {
      await app.close();
    }
  });

  it('stays unready when a shutdown began while the start-up work ran', async () => {
    const app = await restartedWithOpenCase();
    try {
      const finishing = app.finishStart();
      await app.drain();
      await finishing;
      expect((await get(app, '/readyz')).status).toBe(503);
    } finally {
      await app.close();
    }
  });
});
