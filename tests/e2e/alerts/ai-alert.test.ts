import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../handlers/accounts.js';
import { startTestApp, type StoreKind } from '../../support/app-harness.js';
import { phonePhoto } from '../../support/images.js';
import { serviceUrl } from '../../support/requires.js';
import { jintaiFoundry } from '../../support/sample-data.js';
import { FormClient } from '../dashboard/form-client.js';
import { DeviceClient, type AlertAnswer } from './device-client.js';

interface OpenApiDoc {
  openapi: string;
  components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }>; required: string[] }> };
  paths: Record<string, { post: { parameters: Array<{ name: string }>; responses: Record<string, unknown> } }>;
}

const mongoUri = serviceUrl('MONGODB_URI');
const MAX_UPLOAD = 300_000;

describe.each<StoreKind>(['sqlite', 'mongo'])('AI 预警 intake API on %s', (kind) => {
  let h: Awaited<ReturnType<typeof startTestApp>>;
  let admin: FormClient;
  let town: FormClient;
  const skip = kind === 'mongo' && !mongoUri;

  /** An administrator registers a device on the dashboard and reads its secret off the page, once. */
  async function issueDevice(id: string, enterprise = '91350100M000100Y43') {
    const r = await admin.post('/dashboard/devices', { id, name: `${id} 熔炼车间摄像头`, kind: 'camera', enterprise }, { csrfFrom: '/dashboard/devices' });
    const secret = /data-secret>([^<]+)</.exec(r.html)?.[1];
    if (r.status !== 200 || !secret) throw new Error(`device not issued (${r.status}): ${r.html.slice(0, 400)}`);
    return new DeviceClient(h.app.fetch, id, secret);
  }
  const alert = (over: Record<string, unknown> = {}) => ({ type: 'no_helmet', occurredAt: new Date().toISOString(), confidence: 0.91, ...over });
  const aiCases = async () => (await h.app.stores.cases.list({ source: 'ai_alert' }, { limit: 50 })).items;

  beforeAll(async () => {
    if (skip) return;
    h = await startTestApp(kind, mongoUri, {
      ALERT_SIGNING_KEY: randomBytes(32).toString('base64'),
      ALERT_DEDUP_MINUTES: '30',
      ALERT_RATE_PER_MINUTE: '8',
      MAX_UPLOAD_BYTES: String(MAX_UPLOAD),
    });
    await h.app.stores.enterprises.insert(jintaiFoundry());
    admin = new FormClient(h.app.fetch);
    await admin.post('/dashboard/login', { username: 'admin', password: h.adminPassword });
    await admin.post('/dashboard/password', { current: h.adminPassword, next: 'a-long-new-passphrase' }, { csrfFrom: '/dashboard/password' });
    const accounts = { identities: h.app.stores.identities, towns: h.app.stores.towns, newId: () => crypto.randomUUID(), now: () => new Date() };
    const adminId = (await h.app.stores.identities.getByUsername('admin'))!;
    const zhang = await createAccount(accounts, { id: adminId.id, role: 'admin' }, { username: 'zhang', role: 'town_official', townId: 'nancun', displayName: '张镇长' });
    await h.app.stores.identities.update({ ...zhang.identity, mustChangePassword: false });
    town = new FormClient(h.app.fetch);
    await town.login('zhang', zhang.password);
  });
  afterAll(async () => h?.stop());

  it.skipIf(skip)('three repeats make one case in the enterprise’s town; "cleared" plus an official’s confirmation closes it', async () => {
    const cam = await issueDevice('cam-jintai-01');
    const snapshot = (await phonePhoto()).toString('base64');

    const first = await cam.send(alert({ snapshot: { mime: 'image/jpeg', data: snapshot }, description: '3号浇注区' }));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ result: 'created', caseNumber: expect.stringMatching(/^ZZ-\d{4}-\d{6}$/) });
    for (const n of [1, 2, 3]) {
      const again = await cam.send(alert({ confidence: 0.8 + n / 100 }));
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ result: 'repeat', caseNumber: first.body.caseNumber, repeats: n });
    }
    // Another type from the same device is another risk: its own case.
    const gas = await cam.send(alert({ type: 'gas_leak', confidence: 0.99 }));
    expect(gas.body.result).toBe('created');

    const all = await aiCases();
    expect(all).toHaveLength(2);
    const c = (await h.app.stores.cases.getByNumber(first.body.caseNumber))!;
    // Dispatched like a report: the registered enterprise's town, registered by the system.
    expect(c).toMatchObject({ source: 'ai_alert', townId: 'nancun', enterpriseId: 'ent-1', status: 'registered' });
    expect(c.history.map((e) => e.action)).toEqual(['report', 'register']);
    expect(c.alert).toMatchObject({ deviceId: 'cam-jintai-01', type: 'no_helmet', repeats: 3, confidence: 0.91 });
    expect(c.beforePhotos).toHaveLength(1);
    expect(c.description).toContain('未佩戴安全帽');
    expect(c.reporterId).toBeUndefined();

    // The town official sees it with its repeat count; no confirmation is offered before the device clears it.
    const before = await town.get(`/dashboard/cases/${c.number}`);
    expect(before.html).toContain('AI 预警');
    expect(before.html).toContain('重复 3 次');
    expect(before.html).not.toContain('确认预警已解除并销号');

    const cleared = await cam.send(alert({ state: 'cleared' }));
    expect(cleared.body).toEqual({ result: 'cleared', caseNumber: c.number });
    expect((await h.app.stores.cases.get(c.id))!.status).toBe('registered');

    const page = await town.get(`/dashboard/cases/${c.number}`);
    expect(page.html).toContain('设备已报告解除');
    expect(page.html).toContain('确认预警已解除并销号');
    const version = /name="version" value="(\d+)"/.exec(page.html)![1]!;
    const confirm = await town.post(`/dashboard/cases/${c.number}/confirm_cleared`, { version, note: '现场核实已佩戴' }, { csrfFrom: `/dashboard/cases/${c.number}` });
    expect(confirm.status).toBe(303);
    const closed = (await h.app.stores.cases.get(c.id))!;
    expect(closed.status).toBe('closed');
    expect(closed.history.at(-1)).toMatchObject({ action: 'confirm_cleared', actorRole: 'town_official', to: 'closed' });

    // The same risk seen again later is a new case, not a repeat of the closed one.
    const recurring = await cam.send(alert());
    expect(recurring.status).toBe(201);
    expect(recurring.body.caseNumber).not.toBe(c.number);
    // The gas-leak case was never cleared: it cannot be confirmed closed.
    const gasCase = (await h.app.stores.cases.getByNumber(gas.body.caseNumber))!;
    const refused = await town.post(`/dashboard/cases/${gasCase.number}/confirm_cleared`, { version: String(gasCase.version) }, { csrfFrom: `/dashboard/cases/${gasCase.number}` });
    expect(refused.status).toBe(400);
    expect((await h.app.stores.cases.get(gasCase.id))!.status).toBe('registered');
  });

  it.skipIf(skip)('an alert naming no registered enterprise goes to the county duty queue', async () => {
    const robot = await issueDevice('robot-roaming', '');
    const r = await robot.send(alert({ type: 'hot_work_unapproved', enterpriseName: '某未登记加工点' }));
    expect(r.status).toBe(201);
    const c = (await h.app.stores.cases.getByNumber(r.body.caseNumber))!;
    expect(c).toMatchObject({ status: 'reported', enterpriseName: '某未登记加工点' });
    expect(c.townId).toBeUndefined();
    expect(c.description).toContain('动火作业未审批');
  });

  it.skipIf(skip)('parallel repeats still make one case and count every one', async () => {
    const cam = await issueDevice('cam-jintai-02');
    const answers = await Promise.all(Array.from({ length: 6 }, () => cam.send(alert({ type: 'smoking' }))));
    expect(answers.filter((a) => a.body.result === 'created')).toHaveLength(1);
    const numbers = new Set(answers.map((a) => a.body.caseNumber));
    expect(numbers.size).toBe(1);
    const c = (await h.app.stores.cases.getByNumber([...numbers][0]!))!;
    expect(c.alert?.repeats).toBe(5);
  });

  it.skipIf(skip)('answers bad input with a 4xx that says what is wrong, and stores nothing for it', async () => {
    const cam = await issueDevice('cam-jintai-03');
    const count = async () => (await aiCases()).length;
    const before = await count();

    const badSig = await cam.send(alert(), { secret: 'not-the-secret' });
    expect(badSig.status).toBe(401);
    expect(badSig.body.error).toMatchObject({ code: 'BAD_SIGNATURE', message: expect.stringContaining('签名不正确') });

    const req = cam.request(alert({ type: 'intrusion' }));
    const once = await h.app.fetch(req.clone());
    expect(once.status).toBe(201);
    const replay = await h.app.fetch(req);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as AlertAnswer).error).toMatchObject({ code: 'REPLAYED', message: expect.stringContaining('重放') });

    const stale = await cam.send(alert(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('STALE_TIMESTAMP');

    const stranger = new DeviceClient(h.app.fetch, 'cam-unknown', 'whatever');
    const unknown = await stranger.send(alert());
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_DEVICE', message: expect.stringContaining('cam-unknown') });

    const badType = await cam.send(alert({ type: 'alien_landing' }));
    expect(badType.status).toBe(422);
    expect(badType.body.error.code).toBe('UNKNOWN_ALERT_TYPE');
    expect(badType.body.error.message).toContain('alien_landing');
    expect(badType.body.error.message).toContain('动火作业未审批');
    const badTypeEn = await cam.send(alert({ type: 'alien_landing' }), { language: 'en-US,en;q=0.9' });
    expect(badTypeEn.body.error.message).toMatch(/^Unknown alert type "alien_landing"/);

    const big = await cam.send(alert({ type: 'smoke_fire', snapshot: { data: randomBytes(MAX_UPLOAD + 10_000).toString('base64') } }));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'SNAPSHOT_TOO_LARGE', message: expect.stringContaining('抓拍图片过大') });
    const huge = await cam.send(alert({ type: 'smoke_fire', snapshot: { data: randomBytes(MAX_UPLOAD * 2).toString('base64') } }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('SNAPSHOT_TOO_LARGE');
    const notImage = await cam.send(alert({ type: 'smoke_fire', snapshot: { data: Buffer.from('%PDF-1.7 not a photo').toString('base64') } }));
    expect(notImage.status).toBe(415);

    const missing = await cam.send({ type: 'no_helmet', confidence: 3 });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('INVALID_BODY');
    expect(missing.body.error.message).toContain('occurredAt');
    expect(missing.body.error.message).toContain('confidence');
    const notJson = await cam.send(undefined, { rawBody: '{"type": "no_helmet",' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('INVALID_JSON');
    const noEnterprise = await cam.send(alert({ type: 'phone_use', enterpriseId: 'ent-nope' }));
    expect(noEnterprise.status).toBe(422);
    expect(noEnterprise.body.error.code).toBe('UNKNOWN_ENTERPRISE');
    const noHeaders = await h.app.fetch(new Request('http://localhost/api/alerts', { method: 'POST', body: '{}' }));
    expect(noHeaders.status).toBe(401);
    expect(((await noHeaders.json()) as AlertAnswer).error.code).toBe('MISSING_HEADERS');

    // Only the one well-formed alert opened a case.
    expect(await count()).toBe(before + 1);

    // Only an administrator sees the devices and their secrets.
    expect((await town.get('/dashboard/devices')).status).toBe(404);
    const forged = await town.post('/dashboard/devices', { id: 'cam-forged', name: 'x', kind: 'camera' }, { csrfFrom: '/dashboard/cases' });
    expect(forged.status).toBe(404);
    expect(await h.app.alerts!.activeDevice('cam-forged')).toBeNull();

    // A revoked device is refused like a stranger.
    await admin.post('/dashboard/devices/cam-jintai-03/revoke', {}, { csrfFrom: '/dashboard/devices' });
    expect((await cam.send(alert({ type: 'fire_exit_blocked' }))).body.error.code).toBe('UNKNOWN_DEVICE');
  });

  it.skipIf(skip)('limits each device’s rate without touching other devices', async () => {
    const noisy = await issueDevice('cam-noisy');
    const quiet = await issueDevice('cam-quiet');
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await noisy.send(alert({ type: 'dust_accumulation' })));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBe(2);
    expect(limited[0]!.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await quiet.send(alert({ type: 'dust_accumulation' }))).status).toBe(201);
  });

  it.skipIf(skip)('publishes an OpenAPI 3.1 document generated from the same schemas', async () => {
    const res = await h.app.fetch(new Request('http://localhost/api/openapi.json'));
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    const schema = doc.components.schemas.AlertRequest!;
    const post = doc.paths['/api/alerts']!.post;
    expect(schema.properties.type!.enum).toEqual(expect.arrayContaining(['hot_work_unapproved', 'no_helmet', 'confined_space_unattended', 'gas_leak']));
    expect(schema.required).toEqual(expect.arrayContaining(['type', 'occurredAt', 'confidence']));
    expect(schema.required).not.toContain('state');
    expect(post.parameters.map((p) => p.name)).toEqual(['X-Device-Id', 'X-Timestamp', 'X-Nonce', 'X-Signature']);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '401', '409', '413', '422', '429']));
  });
});
