import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isDomainError, MAX_PHOTOS } from '../../../domain/index.js';
import type { EnterpriseRepo, PhotoRef, RateLimits, TownRepo } from '../../../domain/index.js';
import type { HandlerLogger } from '../../../handlers/index.js';
import { errorText } from '../../../handlers/errors.js';
import { cleanText } from '../../../handlers/inbound-text.js';
import { formatReceiptCode, normalizeReceiptCode, type TipService } from '../../../handlers/tips/index.js';
import { isFormToken, pinProblem, receiptCodeForForm } from '../../../handlers/tips/receipt.js';
import { translator } from '../../../locales/index.js';
import { clientAddress } from '../client-address.js';
import { setReceiptCookie } from '../receipt-cookie.js';
import { webSecurityHeaders } from '../security-headers.js';
import { h5Page, receiptPage, statusForm, statusResult, tipForm, type TipDraft } from './pages.js';
import { bodyLimit } from '../body-limit.js';

export { H5_BASE, tipFormUrl } from './paths.js';

export interface H5Deps {
  tips: Pick<TipService, 'intakePhoto' | 'discardPhotos' | 'submitTip' | 'checkTip'>;
  /** To name the enterprise or town of the poster that was scanned. */
  enterprises: Pick<EnterpriseRepo, 'get'>;
  towns: Pick<TownRepo, 'get'>;
  maxUploadBytes: number;
  /** Per-address limits (store or Redis, so restarts and replicas share them). */
  limits: RateLimits;
  log: HandlerLogger;
  /** The receipt-session cookie is sent over HTTPS only when set (HTTP_SECURE_COOKIES). */
  secureCookies: boolean;
}

/** A whole form, photos included: refused by Content-Length (or counted while streaming) beyond this. */
export const H5_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const H5_MAX_DESCRIPTION = 2000;

const t = translator('zh-CN');
const field = (form: Record<string, unknown>, name: string, max: number): string =>
  typeof form[name] === 'string' ? cleanText(form[name] as string).trim().slice(0, max) : '';
/** A body that is not a form (broken multipart, a script's JSON) reads as an empty form, refused like one. */
const readForm = (c: Context) => c.req.parseBody({ all: true }).catch((): Record<string, unknown> => ({}));
const mb = (bytes: number) => Math.floor(bytes / 2 ** 20);

/** The H5 扫码举报 form: mounted at H5_BASE, no login, rate-limited, photos stripped by the tip service. */
export function createH5(deps: H5Deps): Hono {
  const app = new Hono();
  const css = readFileSync(new URL('./public/h5.css', import.meta.url));
  // The address is only a limiter key for its window; it is never logged or stored with a tip.
  const submissions = deps.limits.limiter('h5-submit-address', { points: 5, durationMs: 60 * 60_000 });
  const checks = deps.limits.limiter('receipt-address', { points: 20, durationMs: 10 * 60_000 });
  const maxBody = Math.min(H5_MAX_BODY_BYTES, deps.maxUploadBytes * MAX_PHOTOS + 64 * 1024);

  app.use(webSecurityHeaders());
  app.use(async (c, next) => {
    await next();
    c.header('cache-control', c.req.path.endsWith('.css') ? 'public, max-age=3600' : 'no-store');
  });
  app.use(bodyLimit({ maxSize: maxBody, onError: (c) => c.html(h5Page('匿名举报', tipForm({ formToken: newFormToken() }), t('h5.bodyTooLarge', { maxMb: mb(maxBody) })), 413) }));
  // A post from another site is refused by hono's csrf (HTTPException 403): answered as a page, in words.
  const sameSite = csrf();
  app.use(async (c, next) => {
    try {
      return await sameSite(c, next);
    } catch (e) {
      if (e instanceof HTTPException && e.status === 403) return c.html(h5Page('匿名举报', tipForm({ formToken: newFormToken() }), t('h5.crossSite')), 403);
      throw e;
    }
  });

  app.get('/h5.css', (c) => c.body(css, 200, { 'content-type': 'text/css; charset=utf-8' }));

  const context = async (c: Context): Promise<Omit<TipDraft, 'formToken'>> => {
    const enterprise = c.req.query('enterprise') ? await deps.enterprises.get(c.req.query('enterprise')!.slice(0, 100)) : null;
    const town = c.req.query('town') ? await deps.towns.get(c.req.query('town')!.slice(0, 40)) : null;
    return { enterprise: enterprise?.name, townId: town?.id, townName: town?.name };
  };

  app.get('/', async (c) => c.html(h5Page('匿名举报', tipForm({ ...(await context(c)), formToken: newFormToken() }))));

  app.post('/', async (c) => {
    const form = await readForm(c);
    const town = field(form, 'town', 40) ? await deps.towns.get(field(form, 'town', 40)!) : null;
    const description = typeof form.description === 'string' ? cleanText(form.description).trim() : '';
    const token = field(form, 'form_token', 80);
    const draft: TipDraft = {
      // Kept whole, even when too long: the tipster shortens their own words, nothing is cut silently.
      description: description.slice(0, 20_000),
      enterprise: field(form, 'enterprise', 100),
      townId: town?.id,
      townName: town?.name,
      formToken: isFormToken(token) ? token : newFormToken(),
    };
    const again = (error: string, status: 400 | 413 | 429 = 400) => c.html(h5Page('匿名举报', tipForm(draft), error), status);
    if (!isFormToken(token)) return again(t('h5.formExpired'));
    const pin = field(form, 'pin', 40);
    const problem = pinProblem(pin);
    if (problem) return again(t(problem === 'weak' ? 'tip.pinWeak' : 'tip.pinFormat'));
    if (pin !== field(form, 'pin2', 40)) return again('两次输入的举报密码不一致。');
    const length = [...description].length;
    if (length > H5_MAX_DESCRIPTION) return again(t('h5.descriptionTooLong', { max: H5_MAX_DESCRIPTION, length }));
    // A browser sends an unnamed empty part when no file was chosen; a named empty file is a broken photo.
    const files = ([] as unknown[]).concat(form.photos ?? []).filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
    if (files.length > MAX_PHOTOS) return again(`最多上传${MAX_PHOTOS}张照片，请减少后重新提交。`);
    const empty = files.find((f) => f.size === 0);
    if (empty) return again(t('media.empty', { name: empty.name }));
    if (files.some((f) => f.size > deps.maxUploadBytes)) return again(t('error.MEDIA_TOO_LARGE', { maxMb: mb(deps.maxUploadBytes) }), 413);

    // The same form sent again (a double tap, a reload) repeats its first receipt instead of filing twice.
    const receiptCode = receiptCodeForForm(token);
    const repeat = async () => {
      const seen = await deps.tips.checkTip(receiptCode, pin).catch(() => null);
      return seen && c.html(h5Page('举报已提交', receiptPage(formatReceiptCode(receiptCode), seen.caseNumber, t('h5.alreadySubmitted'))));
    };
    const limit = await submissions.consume(clientAddress(c));
    if (!limit.allowed) return again(t('error.RATE_LIMITED'), 429);

    const photos: PhotoRef[] = [];
    try {
      for (const f of files) {
        photos.push(await deps.tips.intakePhoto({ fileName: f.name, declaredMime: f.type, sizeHint: f.size, download: async () => new Uint8Array(await f.arrayBuffer()) }));
      }
      const receipt = await deps.tips.submitTip({ description, enterpriseName: draft.enterprise || undefined, townId: town?.id, photos, pin, channel: 'web', receiptCode });
      return c.html(h5Page('举报已提交', receiptPage(formatReceiptCode(receipt.receiptCode), receipt.caseNumber)));
    } catch (e) {
      // Nothing of a refused form stays behind.
      await deps.tips.discardPhotos(photos);
      if (isDomainError(e, 'DUPLICATE')) {
        const raced = await repeat();
        if (raced) return raced;
      }
      return again(explain(e, deps.log));
    }
  });

  app.get('/status', (c) => c.html(h5Page('查询举报进度', statusForm())));

  app.post('/status', async (c) => {
    const form = await readForm(c);
    const code = field(form, 'code', 20);
    if (!(await checks.consume(clientAddress(c))).allowed) return c.html(h5Page('查询举报进度', statusForm(code), t('error.RATE_LIMITED')), 429);
    // The code's shape is no secret: a mistyped one is told so, and costs no try.
    if (!normalizeReceiptCode(code)) return c.html(h5Page('查询举报进度', statusForm(code), t('h5.badCode')), 400);
    try {
      const view = await deps.tips.checkTip(code, field(form, 'pin', 40), { openPhotos: true });
      // The tip's own photos load from /media with this cookie, for a few minutes, on this browser only.
      if (view.photos) setReceiptCookie(c, view.photos.session, deps.secureCookies);
      return c.html(h5Page('查询举报进度', statusResult(view)));
    } catch (e) {
      return c.html(h5Page('查询举报进度', statusForm(code), explain(e, deps.log)), 400);
    }
  });

  return app;
}

/** Words for the tipster; an unexpected failure is logged with a reference only, never with request details. */
function explain(e: unknown, log: HandlerLogger): string {
  if (isDomainError(e, 'FORBIDDEN')) return t('tip.wrongPin', { left: Number(e.details?.attemptsLeft ?? 0) });
  if (isDomainError(e, 'RATE_LIMITED') && e.details?.minutes) return t('tip.locked', { minutes: Number(e.details.minutes) });
  const message = errorText(e, t);
  if (message) return message;
  const ref = randomUUID().slice(0, 8);
  log.error({ err: e instanceof Error ? e.stack : String(e), ref }, 'h5 tip request failed');
  return t('error.internal', { ref });
}

/** 128 random bits: names one filled-in form, so that sending it twice files one tip. */
const newFormToken = () => randomBytes(16).toString('base64url');
