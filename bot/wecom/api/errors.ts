/** A WeCom server answer with a non-zero errcode. Carries the API path, never the URL (it holds secrets). */
export class WeComApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeCom ${api} failed: errcode ${errcode} (${errmsg})`);
    this.name = 'WeComApiError';
  }
}

/** errcode 45009: the caller sent too much; back off before trying again. */
export class WeComRateLimitError extends WeComApiError {
  constructor(api: string, errmsg: string) {
    super(api, 45009, errmsg);
    this.name = 'WeComRateLimitError';
  }
}

export const ERR_BUSY = -1;
export const ERR_INVALID_TOKEN = 40014;
export const ERR_TOKEN_EXPIRED = 42001;
export const ERR_RATE_LIMIT = 45009;

export function apiError(api: string, errcode: number, errmsg = ''): WeComApiError {
  return errcode === ERR_RATE_LIMIT ? new WeComRateLimitError(api, errmsg) : new WeComApiError(api, errcode, errmsg);
}
