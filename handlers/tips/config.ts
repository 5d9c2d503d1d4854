import { z } from 'zod';

/**
 * The tips' slice of the environment. TIP_CONTACT_KEY (32 bytes, base64) seals the chat of a tipster
 * who asks for progress notices; without it the option is not offered. Messages never echo the value.
 */
export const tipConfigSchema = z.object({
  TIP_CONTACT_KEY: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(
      z
        .string()
        .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
        .optional(),
    ),
});

export type TipEnv = z.infer<typeof tipConfigSchema>;

export const tipContactKey = (env: TipEnv): Uint8Array | undefined =>
  env.TIP_CONTACT_KEY ? new Uint8Array(Buffer.from(env.TIP_CONTACT_KEY, 'base64')) : undefined;
