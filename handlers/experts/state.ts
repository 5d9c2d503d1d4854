import { z } from 'zod';

/** The expert is typing the text of a loop step (帮扶 visit, 复核 opinion, 提升 summary). */
export const expertFlowSchema = z.object({
  kind: z.literal('expert'),
  enterpriseId: z.string(),
  step: z.enum(['visit', 'review', 'improve']),
});
export type ExpertFlow = z.infer<typeof expertFlowSchema>;
