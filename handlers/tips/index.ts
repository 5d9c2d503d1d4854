/** 匿名举报: the channel-neutral service (chat dialog and H5 form), its config slice and receipt-code helpers. */
export { tipConfigSchema, tipContactKey, type TipEnv } from './config.js';
export { formatReceiptCode, normalizeReceiptCode } from './receipt.js';
export { createTipService, RECEIPT_SESSION_MINUTES, type TipOptions, type TipRepos } from './service.js';
export type { TipInput, TipService, TipStatusView } from './types.js';
