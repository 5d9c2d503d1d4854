import { Hono, type Context } from 'hono';
import { alertTypeCodes, alertTypes, isDomainError, type Clock } from '../../domain/index.js';
import type { AlertService } from '../../handlers/alerts/service.js';
import { signatureMatches } from '../../handlers/alerts/credentials.js';
import type { HandlerLogger } from '../../handlers/index.js';
import { translator, type MessageKey, type Params } from '../../locales/index.js';
import { alertOpenApi } from './openapi.js';
import { alertRequestSchema, type AlertErrorCode } from './schema.js';
import { bodyLimit } from '../web/body-limit.js';

/** Per-device request budget; the app's rate-limit port fits (`consume` answers allowed / retryAfterMs). */
export interface DeviceLimiter {
  consume(key: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

export interface AlertApiDeps {
  alerts: AlertService;
  clock: Clock;
  log: HandlerLogger;
  maxSnapshotBytes: number;
  limiter?: DeviceLimiter;
  publicUrl?: string;
}

export const REPLAY_WINDOW_MS = 5 * 60_000;

const status: Record<AlertErrorCode, 400 | 401 | 409 | 413 | 415 | 422 | 429> = {
  MISSING_HEADERS: 401,
  UNKNOWN_DEVICE: 401,
  STALE_TIMESTAMP: 401,
  BAD_SIGNATURE: 401,
  REPLAYED: 409,
  RATE_LIMITED: 429,
  INVALID_JSON: 400,
  INVALID_BODY: 422,
  UNKNOWN_ALERT_TYPE: 422,
  UNKNOWN_ENTERPRISE: 422,
  SNAPSHOT_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
};

const nonceFormat = /^[A-Za-z0-9_-]{16,64}$/;

/** AI 预警 intake, mounted at `/api`: POST /api/alerts (signed) and GET /api/openapi.json. */
export function createAlertApi(deps: AlertApiDeps): Hono {
  const app = new Hono();
  const maxMb = Math.floor(deps.maxSnapshotBytes / 2 ** 20);
  const doc = alertOpenApi({ serverUrl: deps.publicUrl, maxSnapshotMb: maxMb, replayWindowMinutes: REPLAY_WINDOW_MS / 60_000 });

  const fail = (c: Context, code: AlertErrorCode, params: Params = {}, issues?: Array<{ path: string; message: string }>) => {
    const t = translator(/^en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'zh-CN');
    return c.json({ error: { code, message: t(`alertApi.${code}` as MessageKey, params), ...(issues && { issues }) } }, status[code]);
  };

  app.get('/openapi.json', (c) => c.json(doc));

  // base64 grows 4/3; a little room for the other fields. Checked before any byte is parsed.
  const limit = bodyLimit({ maxSize: Math.ceil((deps.maxSnapshotBytes * 4) / 3) + 16 * 1024, onError: (c) => fail(c, 'SNAPSHOT_TOO_LARGE', { maxMb }) });

  app.post('/alerts', limit, async (c) => {
    const deviceId = c.req.header('x-device-id') ?? '';
    const timestamp = c.req.header('x-timestamp') ?? '';
    const nonce = c.req.header('x-nonce') ?? '';
    const signature = c.req.header('x-signature') ?? '';
    if (!deviceId || !/^\d{1,12}$/.test(timestamp) || !nonceFormat.test(nonce) || !signature) return fail(c, 'MISSING_HEADERS');

    const device = await deps.alerts.activeDevice(deviceId);
    if (!device) return fail(c, 'UNKNOWN_DEVICE', { id: deviceId.slice(0, 64) });
    const now = deps.clock.now();
    if (Math.abs(now.getTime() - Number(timestamp) * 1000) > REPLAY_WINDOW_MS) {
      return fail(c, 'STALE_TIMESTAMP', { now: Math.floor(now.getTime() / 1000) });
    }
    const body = await c.req.text();
    if (!signatureMatches(deps.alerts.secretOf(device), timestamp, nonce, body, signature)) return fail(c, 'BAD_SIGNATURE');
    // Only a correctly signed request spends the nonce, so nobody can burn a device's nonces.
    if (!(await deps.alerts.claimNonce(device.id, nonce, now, new Date(now.getTime() - 2 * REPLAY_WINDOW_MS)))) return fail(c, 'REPLAYED');
    const budget = await deps.limiter?.consume(device.id);
    if (budget && !budget.allowed) {
      const seconds = Math.max(1, Math.ceil(budget.retryAfterMs / 1000));
      c.header('retry-after', String(seconds));
      return fail(c, 'RATE_LIMITED', { seconds });
    }

    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return fail(c, 'INVALID_JSON');
    }
    const parsed = alertRequestSchema.safeParse(json);
    if (!parsed.success) {
      const typeIssue = parsed.error.issues.find((i) => i.path[0] === 'type' && typeof (json as { type?: unknown }).type === 'string');
      if (typeIssue) {
        return fail(c, 'UNKNOWN_ALERT_TYPE', {
          type: String((json as { type: string }).type).slice(0, 64),
          types: alertTypeCodes.map((k) => `${k}（${alertTypes[k]}）`).join('、'),
        });
      }
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
      return fail(c, 'INVALID_BODY', { fields: issues.map((i) => i.path).join(', ') }, issues);
    }
    const a = parsed.data;
    if (a.deviceId !== undefined && a.deviceId !== device.id) {
      return fail(c, 'INVALID_BODY', { fields: 'deviceId' }, [{ path: 'deviceId', message: 'must equal X-Device-Id' }]);
    }
    const snapshot = a.snapshot ? Buffer.from(a.snapshot.data, 'base64') : undefined;
    if (snapshot && snapshot.byteLength > deps.maxSnapshotBytes) return fail(c, 'SNAPSHOT_TOO_LARGE', { maxMb });

    try {
      const outcome = await deps.alerts.receive(device, {
        type: a.type,
        state: a.state,
        occurredAt: new Date(a.occurredAt),
        confidence: a.confidence,
        enterpriseId: a.enterpriseId,
        enterpriseName: a.enterpriseName,
        description: a.description,
        location: a.location,
        snapshot: snapshot && { download: async () => new Uint8Array(snapshot), sizeHint: snapshot.byteLength, declaredMime: a.snapshot?.mime },
      });
      return c.json(outcome, outcome.result === 'created' ? 201 : 200);
    } catch (e) {
      if (isDomainError(e, 'NOT_FOUND') && e.details?.field === 'enterpriseId') return fail(c, 'UNKNOWN_ENTERPRISE', { id: a.enterpriseId ?? '' });
      if (isDomainError(e, 'MEDIA_TOO_LARGE')) return fail(c, 'SNAPSHOT_TOO_LARGE', { maxMb });
      if (isDomainError(e, 'UNSUPPORTED_MEDIA')) return fail(c, 'UNSUPPORTED_MEDIA');
      // Other replicas kept winning the race for this case: the device retries shortly, nothing is half-stored.
      if (isDomainError(e, 'VERSION_CONFLICT')) {
        c.header('retry-after', '1');
        return fail(c, 'RATE_LIMITED', { seconds: 1 });
      }
      deps.log.error({ err: (e as Error).message, device: device.id }, 'alert intake failed');
      throw e;
    }
  });

  return app;
}
