/**
 * BullMQ job ids must not contain ':' nor be all digits. A key's job id also carries its due instant,
 * so re-planning the same rung at the same time finds the same job (even one already completed and
 * kept) instead of running it again, while moving a key yields a new job.
 */
export const escapeKey = (key: string): string => key.replace(/%/g, '%25').replace(/:/g, '%3A');

export const jobIdFor = (key: string, at: Date): string => `${escapeKey(key)}@${at.getTime().toString(36)}`;

/** Exclusive upper bound of every string that starts with `prefix`, for a lexicographic range. */
export const prefixEnd = (prefix: string): string => `${prefix}\u{10FFFF}`;
