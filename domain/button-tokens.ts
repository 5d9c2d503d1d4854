/**
 * Long button values behind compact tokens. Telegram's callback_data holds 64 bytes at most, so a longer
 * value is sent as a token and kept here, where a restarted process and every replica find it.
 */
export interface ButtonTokenRepo {
  /** Keeps `value` under `token` until `expiresAt`; putting the same token again moves the expiry. */
  put(token: string, value: string, expiresAt: Date): Promise<void>;
  /** The value, or null when the token is unknown or expired at `now`. */
  get(token: string, now: Date): Promise<string | null>;
}
