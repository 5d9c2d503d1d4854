import { z } from 'zod';
import { alertSchemas } from './schema.js';

/**
 * Every named schema as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), references pointing into components.
 * Input side: a field with a default (state) is optional to the sender.
 */
function components(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(alertSchemas, { target: 'draft-2020-12', io: 'input', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _, $id: __, ...rest }]) => [id, rest]));
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertError' } } },
});

/** The OpenAPI 3.1 document of the alert API, generated from the zod schemas that validate it. */
export function alertOpenApi(opts: { serverUrl?: string; maxSnapshotMb: number; replayWindowMinutes: number }) {
  const header = (name: string, description: string, pattern?: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string', ...(pattern && { pattern }) },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: '泽州县应急管理局 AI 预警接入 API',
      version: '1.0.0',
      description:
        'AI 摄像头、动火作业监测机器人和智能巡检平台上报预警。每台设备由管理员在工作台登记并取得密钥；每个请求用 HMAC-SHA256 签名。' +
        `\n\nSigning: \`X-Signature: sha256=hex(HMAC-SHA256(secret, X-Timestamp + "\\n" + X-Nonce + "\\n" + body))\`. ` +
        `X-Timestamp is Unix seconds and must be within ±${opts.replayWindowMinutes} minutes of the server clock; ` +
        'each X-Nonce is accepted once. Repeats of the same device and type within the de-duplication window are counted on one case.',
    },
    ...(opts.serverUrl && { servers: [{ url: opts.serverUrl }] }),
    paths: {
      '/api/alerts': {
        post: {
          operationId: 'postAlert',
          summary: '上报一条 AI 预警 / report an AI alert',
          parameters: [
            header('X-Device-Id', 'The device id issued on the dashboard.'),
            header('X-Timestamp', 'Unix time in seconds.', '^[0-9]{1,12}$'),
            header('X-Nonce', 'A fresh random string per request (16–64 of A–Z a–z 0–9 _ -).', '^[A-Za-z0-9_-]{16,64}$'),
            header('X-Signature', '`sha256=` and the lowercase hex HMAC (see above).', '^sha256=[0-9a-f]{64}$'),
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertRequest' } } } },
          responses: {
            '200': { description: 'Counted on an open case, or cleared.', content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertResponse' } } } },
            '201': { description: 'A new case was opened.', content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertResponse' } } } },
            '400': errorResponse('INVALID_JSON or MISSING_HEADERS (malformed).'),
            '401': errorResponse('MISSING_HEADERS, UNKNOWN_DEVICE, STALE_TIMESTAMP or BAD_SIGNATURE.'),
            '409': errorResponse('REPLAYED: this X-Nonce was used before.'),
            '413': errorResponse(`SNAPSHOT_TOO_LARGE: the snapshot exceeds ${opts.maxSnapshotMb} MB.`),
            '415': errorResponse('UNSUPPORTED_MEDIA: the snapshot is not a JPEG, PNG or WebP image.'),
            '422': errorResponse('INVALID_BODY, UNKNOWN_ALERT_TYPE or UNKNOWN_ENTERPRISE.'),
            '429': errorResponse('RATE_LIMITED: too many requests from this device; see Retry-After.'),
          },
        },
      },
    },
    components: {
      schemas: components(),
    },
  };
}
