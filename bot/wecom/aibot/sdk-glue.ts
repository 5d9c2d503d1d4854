import type { Logger as SdkLogger } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
import { apiError } from '../api/errors.js';

/** The SDK rejects a failed send with the ack frame itself ({errcode, errmsg}), not an Error. */
export function asError(err: unknown, api: string): Error {
  if (err instanceof Error) return err;
  const ack = err as { errcode?: number; errmsg?: string } | undefined;
  return typeof ack?.errcode === 'number' ? apiError(api, ack.errcode, ack.errmsg ?? '') : new Error(String(err));
}

export function errorText(err: unknown): string {
  return asError(err, 'aibot').message;
}

/** The SDK's debug lines dump whole message bodies (user ids, content): they are never logged. */
export function sdkLogger(log: Logger): SdkLogger {
  return {
    debug: () => {},
    info: (message) => log.debug(message),
    warn: (message, ...detail) => log.warn({ detail: detail.map(String) }, message),
    error: (message, ...detail) => log.error({ detail: detail.map(String) }, message),
  };
}
