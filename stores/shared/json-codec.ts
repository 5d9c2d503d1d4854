/**
 * JSON that keeps Dates: a Date is written as `{"$date": "<ISO-8601 with ms>"}` and revived as a Date.
 * Properties whose value is `undefined` are dropped, so an absent optional field stays absent.
 * Used for the SQLite document columns and for dialog state in both adapters.
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // `v` has already been through Date#toJSON; the holder still has the Date itself.
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

export function decodeJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => (isDateTag(v) ? new Date(v.$date) : v)) as T;
}

/** What a store hands back after a write: the same shape a later read returns. */
export const canonical = <T>(value: T): T => decodeJson<T>(encodeJson(value));

function isDateTag(v: unknown): v is { $date: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === '$date' && typeof (v as { $date: unknown }).$date === 'string';
}
