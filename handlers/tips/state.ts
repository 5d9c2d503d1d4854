import { z } from 'zod';

/**
 * The 举报 dialog's state, persisted per chat only while the dialog runs (the one place a chat and a
 * tip meet) and deleted on submit or cancel. It holds no user, chat or device identifier.
 */
export const tipFlowSchema = z.object({
  kind: z.literal('tip'),
  step: z.enum(['intro', 'description', 'enterprise', 'photos', 'confirm', 'pin', 'verify']),
  description: z.string().optional(),
  enterpriseName: z.string().optional(),
  /** Stripped photos: no original hash, no capture time. */
  photos: z.array(z.object({ id: z.string(), mime: z.string(), bytes: z.number() })).default([]),
  notify: z.boolean().default(false),
  /** Set once the summary was shown: a corrected description returns to it. */
  reviewed: z.boolean().default(false),
  /** Shown once with the PIN and asked back before anything is submitted. */
  receiptCode: z.string().optional(),
  pinHash: z.string().optional(),
});

/** `/tip <code>` waiting for the PIN. */
export const tipCheckFlowSchema = z.object({
  kind: z.literal('tip_check'),
  receiptCode: z.string(),
});

export type TipFlow = z.infer<typeof tipFlowSchema>;
export type TipCheckFlow = z.infer<typeof tipCheckFlowSchema>;
