import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../domain/index.js';
import { openMongoStores } from '../../../stores/mongo/index.js';
import { appCluster, freePort, type Replica } from '../../support/cluster.js';
import { serviceUrl } from '../../support/requires.js';
import { startRoundRobinProxy } from '../../support/round-robin-proxy.js';
import { jintaiFoundry } from '../../support/sample-data.js';
import { DashboardOfficial, fileReport, fileTip, Person, Unanswered, type Filed, type Tip } from './people.js';

const mongoUri = serviceUrl('MONGODB_URI'); // both throw under CI=true when unset
const redisUrl = serviceUrl('REDIS_URL');

const REPORTERS = 70;
const TIPSTERS = 24;
const enterprises = [
  { id: 'ent-nc', alias: '金泰铸造', name: '泽州县金泰铸造有限公司', townId: 'nancun' },
  { id: 'ent-xc', alias: '鑫磊机械', name: '泽州县鑫磊机械制造有限公司', townId: 'xiacun' },
  { id: 'ent-zc', alias: '宏达建材', name: '泽州县宏达建材有限公司', townId: 'zhoucun' },
];

describe.skipIf(!mongoUri || !redisUrl)('three replicas on FerretDB + Redis behind a round-robin proxy, one SIGKILLed mid-run', () => {
  const dbName = `scale_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const cluster = appCluster({ MONGODB_URI: mongoUri!, MONGODB_DB: dbName, REDIS_URL: redisUrl!, QUIET_HOURS: 'off' });
  let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>>;
  let stores: Awaited<ReturnType<typeof openMongoStores>>;
  let ports: number[] = [];
  let adminPassword = '';

  beforeAll(async () => {
    ports = await Promise.all([freePort(), freePort(), freePort()]);
    // The first replica creates the indexes, the admin and the knowledge index; the others find them.
    const first = await cluster.start(ports[0]);
    adminPassword = String(first.logs.find((l) => typeof l.oneTimePassword === 'string')?.oneTimePassword ?? '');
    await Promise.all(ports.slice(1).map((p) => cluster.start(p)));
    proxy = await startRoundRobinProxy(() => ports.map((p) => `http://127.0.0.1:${p}`));
    stores = await openMongoStores({ uri: mongoUri!, dbName });
    for (const e of enterprises) await stores.enterprises.insert(jintaiFoundry({ ...e, aliases: [e.alias], creditCode: undefined }));
  }, 240_000);

  afterAll(async () => {
    // What went wrong inside the replicas, for a failing run's report.
    for (const r of cluster.replicas) {
      for (const l of r.logs.filter((x) => Number(x.level) >= 50).slice(0, 5)) console.error(r.port, JSON.stringify(l).slice(0, 1500));
      if (r.stderr()) console.error(r.port, r.stderr().slice(-2000));
    }
    await proxy?.close();
    await cluster.stopAll();
    await stores?.db.dropDatabase();
    await stores?.close();
    // The replicas' keys in the shared Redis (inbox, channel states) live under the database's namespace.
    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`zz:${dbName}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('loses nothing: reports, tips, case numbers, dialog steps, pushes and dashboard sessions', async () => {
    expect(adminPassword).not.toBe('');
    const url = proxy.url;
    // Every replica reports the shared store and Redis as answering, and is ready for the load balancer.
    for (const p of ports) {
      const health = await fetch(`http://127.0.0.1:${p}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', store: { kind: 'mongo', ok: true }, redis: { ok: true }, channelsDown: [] });
      expect((await fetch(`http://127.0.0.1:${p}/readyz`)).status).toBe(200);
    }
    const admin = new Person(url);
    expect((await admin.login('admin', adminPassword)).status).toBe(200);
    expect((await admin.request('/api/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ current: adminPassword, next: 'Furnace-ledger-7261' }) })).status).toBe(200);
    const pw = (text: string) => /：(\w{12})/.exec(text)?.[1] ?? '';
    const nancunPw = pw(admin.text(await admin.say('/adduser zhang town_official nancun')));
    const xiacunPw = pw(admin.text(await admin.say('/adduser wang town_official xiacun')));
    const countyPw = pw(admin.text(await admin.say('/adduser zhao county_official')));

    // Officials: two in the dashboard (signed in before the kill, expected to stay signed in), one in the chat.
    const dashboards = { nancun: new DashboardOfficial(url), xiacun: new DashboardOfficial(url) };
    await dashboards.nancun.firstLogin('zhang', nancunPw, 'Quarry-lantern-4412');
    await dashboards.xiacun.firstLogin('wang', xiacunPw, 'Harbor-thistle-9035');
    const county = new Person(url);
    expect((await county.login('zhao', countyPw)).status).toBe(200);
    await county.request('/api/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ current: countyPw, next: 'Copper-meadow-5520' }) });

    const reporters = Array.from({ length: REPORTERS }, () => new Person(url));
    const filed: Filed[][] = reporters.map(() => []);
    const tips: Tip[][] = Array.from({ length: TIPSTERS }, () => []);
    const acknowledged: Array<{ number: string; townId: string; reporter: number }> = [];
    const assessed = new Set<string>();
    let running = true;

    // SIGKILL the second replica once a third of the reports are in, and start it again on its port.
    let killed: Replica | undefined;
    const chaos = (async () => {
      while (running && acknowledged.length < REPORTERS / 3) await new Promise((r) => setTimeout(r, 100));
      killed = cluster.replicas.find((r) => r.port === ports[1]);
      if (!killed) return;
      await cluster.kill(killed);
      await new Promise((r) => setTimeout(r, 1_000));
      await cluster.start(ports[1]);
    })();

    // Officials work the queue as reports come in, one case at a time each, as people do: each town's cases in
    // its dashboard, the third town's in the county official's chat.
    const deadline = new Date(Date.now() + 15 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const assessInChat = async (number: string) => {
      // Bounded, with a pause between tries: with every replica gone, an unbounded loop of instant failures would keep
      // the test worker busy for good instead of failing the run.
      for (let attempt = 1; ; attempt++) {
        if (attempt > 60) throw new Error(`the county official could not assess ${number} in 60 tries; last reply: ${county.text()}`);
        try {
          await county.say(`/case ${number}`);
          if (county.text().includes('已评估')) return;
          await county.choose(county.button(`a:${number}:assess`));
          await county.choose('f:sev:general');
          await county.choose('f:days:15');
          if (county.text().includes('已评估')) return;
        } catch (e) {
          if (!(e instanceof Unanswered)) throw e;
          await county.say('取消').catch(() => undefined);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    const official = async (townId: string, assess: (number: string) => Promise<void>) => {
      for (;;) {
        const c = acknowledged.find((x) => x.townId === townId && !assessed.has(x.number));
        if (!c) {
          if (!running) return;
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        await assess(c.number);
        assessed.add(c.number);
      }
    };
    const officials = Promise.all([
      official('nancun', async (n) => expect(await dashboards.nancun.assess(n, deadline)).toBe(true)),
      official('xiacun', async (n) => expect(await dashboards.xiacun.assess(n, deadline)).toBe(true)),
      official('zhoucun', assessInChat),
    ]);

    // Every browser polls its inbox now and then, as the page does.
    const polling = (async () => {
      while (running) {
        await Promise.all(reporters.map((r) => r.poll().catch(() => undefined)));
        await new Promise((r) => setTimeout(r, 500));
      }
    })();

    const people = [
      ...reporters.map((p, i) => async () => {
        const enterprise = enterprises[i % enterprises.length]!;
        for (let attempt = 1; attempt <= 6; attempt++) {
          if (attempt > 1) await new Promise((r) => setTimeout(r, 2_000)); // a person reads the error first
          const f = await fileReport(p, i, enterprise, attempt);
          filed[i]!.push(f);
          if (f.acknowledged) {
            acknowledged.push({ number: f.number!, townId: enterprise.townId, reporter: i });
            return;
          }
        }
        throw new Error(`reporter ${i} never got an answer: ${filed[i]!.map((f) => f.cut).join(' | ')}`);
      }),
      ...tips.map((t, i) => async () => {
        const p = new Person(url);
        for (let attempt = 1; attempt <= 6; attempt++) {
          if (attempt > 1) await new Promise((r) => setTimeout(r, 2_000));
          const tip = await fileTip(p, url, i, attempt);
          t.push(tip);
          if (tip.checked) return;
        }
        throw new Error(`tipster ${i} never got an answer`);
      }),
    ];
    // 100 people at once: 70 reporters, 24 tipsters (each with a receipt check), 3 officials and the admin.
    await Promise.all(people.map((run) => run()));
    running = false;
    await chaos;
    await officials;
    await polling;
    // Browsers keep polling until every assessment's push is in. A push the killed replica owed is sent by another
    // replica's outbox sweep (every 10 s), or after its delivery claim goes stale (2 min) if it died holding one.
    const assessedPush = (a: (typeof acknowledged)[number]) =>
      reporters[a.reporter]!.pushes.some((m) => m.kind === 'text' && m.text.includes(a.number) && m.text.includes('已评估'));
    const waitUntil = Date.now() + 180_000;
    do {
      await new Promise((r) => setTimeout(r, 1_500));
      for (const r of reporters) await r.poll();
    } while (!acknowledged.every(assessedPush) && Date.now() < waitUntil);

    expect(killed, 'a replica was killed mid-run').toBeDefined();
    const swept = cluster.replicas.flatMap((r) => r.logs).filter((l) => l.msg === 'case push outbox swept');
    console.log(`case-change intents finished by an outbox sweep (their writer died or was refused): ${swept.reduce((n, l) => n + Number(l.sent ?? 0), 0)}`);
    const cut = { reports: filed.flat().filter((f) => !f.acknowledged).length, tips: tips.flat().filter((t) => !t.checked).length };
    console.log(`dialogs cut off by the kill and started over: ${cut.reports} reports, ${tips.length ? cut.tips : 0} tips; requests per replica: ${[...proxy.counts.values()].join(', ')}`);
    expect(cluster.replicas).toHaveLength(3);

    // Every acknowledged report and tip exists exactly once, with every dialog step applied once.
    const all: Case[] = [];
    for (let after: string | undefined; ; ) {
      const page = await stores.cases.list({}, { limit: 200, after });
      all.push(...page.items);
      if (!page.next) break;
      after = page.next;
    }
    const byMarker = (m: string) => all.filter((c) => c.description.includes(` ${m}`));
    for (const f of filed.flat()) {
      const found = byMarker(f.marker);
      if (!f.acknowledged) {
        expect(found.length, `unacknowledged ${f.marker}`).toBeLessThanOrEqual(1);
        continue;
      }
      expect(found, f.marker).toHaveLength(1);
      expect(found[0]).toMatchObject({ number: f.number, enterpriseName: f.enterprise, source: 'worker_report' });
      expect(found[0]!.beforePhotos, `${f.marker} photos`).toHaveLength(2);
      expect(found[0]!.description).toBe(`脚手架踏板松动，无防护栏 ${f.marker}`);
    }
    for (const t of tips.flat()) {
      const found = byMarker(t.marker);
      if (!t.number) {
        expect(found.length).toBeLessThanOrEqual(1);
        continue;
      }
      expect(found, t.marker).toHaveLength(1);
      expect(found[0]).toMatchObject({ number: t.number, source: 'anonymous_tip' });
      expect(found[0]!.beforePhotos).toHaveLength(1);
    }
    expect(filed.every((f) => f.at(-1)?.acknowledged)).toBe(true);
    expect(tips.every((t) => t.at(-1)?.checked)).toBe(true);

    // Case numbers: unique and gap-free, the kill notwithstanding (the case insert is what takes a number).
    const seqs = all.map((c) => Number(c.number.slice(-6))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));

    // Every assessment landed once, and each reporter's browser got its push exactly once: the push is recorded in the
    // case-change outbox before the case is written, so a replica SIGKILLed between the two loses nothing.
    for (const a of acknowledged) {
      const c = all.find((x) => x.number === a.number)!;
      expect(c.history.filter((e) => e.action === 'assess'), a.number).toHaveLength(1);
      const texts = reporters[a.reporter]!.pushes.flatMap((m) => (m.kind === 'text' && m.text.includes(a.number) ? [m.text] : []));
      expect(texts.filter((t) => t.includes('已评估')), `${a.number} pushes: ${texts.join(' | ')}`).toHaveLength(1);
      expect(new Set(texts).size, `${a.number} duplicate pushes`).toBe(texts.length);
    }

    // The dashboard officials signed in before the kill are still signed in on every replica.
    for (const d of Object.values(dashboards)) for (let i = 0; i < 3; i++) expect(await d.signedIn()).toBe(true);
    expect([...proxy.counts.keys()]).toHaveLength(3);
  }, 600_000);
});
