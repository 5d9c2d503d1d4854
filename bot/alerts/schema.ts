import { z } from 'zod';
import { alertTypeCodes, alertTypes } from '../../domain/alerts.js';

/** The alert API's request and answers: one source of truth for validation and for /api/openapi.json. */
export const alertTypeSchema = z.enum(alertTypeCodes).meta({
  description: `预警类型 / alert type: ${alertTypeCodes.map((c) => `\`${c}\` ${alertTypes[c]}`).join('; ')}`,
});

export const alertRequestSchema = z
  .object({
    deviceId: z.string().optional().meta({ description: 'Must equal X-Device-Id when given.' }),
    type: alertTypeSchema,
    state: z.enum(['raised', 'cleared']).default('raised').meta({
      description: '`raised` (default) reports the risk; `cleared` says it is gone: an official then confirms closure.',
    }),
    occurredAt: z.iso.datetime({ offset: true }).meta({ description: 'When the device saw it (ISO 8601 with offset).' }),
    confidence: z.number().min(0).max(1).meta({ description: 'Recognition confidence, 0–1.' }),
    enterpriseId: z.string().min(1).max(64).optional().meta({ description: 'A registered enterprise; defaults to the device’s.' }),
    enterpriseName: z.string().trim().min(1).max(100).optional().meta({ description: 'Free text, used when no enterprise is registered.' }),
    description: z.string().max(500).optional(),
    location: z
      .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), label: z.string().max(100).optional() })
      .optional(),
    snapshot: z
      .object({
        mime: z.enum(['image/jpeg', 'image/png', 'image/webp']).optional(),
        data: z.base64().meta({ description: 'The image, base64. Re-encoded on receipt; at most MAX_UPLOAD_BYTES decoded.' }),
      })
      .optional(),
  });
export type AlertRequest = z.infer<typeof alertRequestSchema>;

export const alertResponseSchema = z
  .object({
    result: z.enum(['created', 'repeat', 'cleared', 'nothing_open']).meta({
      description: '`created` a new case; `repeat` counted on the open case; `cleared` awaiting confirmation; `nothing_open` no open case to clear.',
    }),
    caseNumber: z.string().optional(),
    repeats: z.number().int().optional(),
  });

export const alertErrorCodes = [
  'MISSING_HEADERS',
  'UNKNOWN_DEVICE',
  'STALE_TIMESTAMP',
  'BAD_SIGNATURE',
  'REPLAYED',
  'RATE_LIMITED',
  'INVALID_JSON',
  'INVALID_BODY',
  'UNKNOWN_ALERT_TYPE',
  'UNKNOWN_ENTERPRISE',
  'SNAPSHOT_TOO_LARGE',
  'UNSUPPORTED_MEDIA',
] as const;
export type AlertErrorCode = (typeof alertErrorCodes)[number];

export const alertErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(alertErrorCodes),
      message: z.string().meta({ description: 'What is wrong, in zh-CN (or English with Accept-Language: en).' }),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  });

/** The named schemas of the OpenAPI document (components.schemas). */
export const alertSchemas = z.registry<{ id: string }>();
alertSchemas.add(alertRequestSchema, { id: 'AlertRequest' });
alertSchemas.add(alertResponseSchema, { id: 'AlertResponse' });
alertSchemas.add(alertErrorSchema, { id: 'AlertError' });
