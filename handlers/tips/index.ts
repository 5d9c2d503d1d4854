/** 匿名举报: the channel-neutral service (chat dialog and H5 form), its config slice and receipt-code helpers. */
export { tipConfigSchema, tipContactKey, type TipEnv } from './config.js';
export { formatReceiptCode, normalizeReceiptCode } from './receipt.js';
export { createTipService, type TipInput, type TipOptions, type TipRepos, type TipService, type TipStatusView } from './service.js';
