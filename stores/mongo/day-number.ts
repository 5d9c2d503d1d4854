const DAY_MS = 86_400_000;

/**
 * The UTC day number of an instant: the key FerretDB 1.24 can filter on by equality where a date range would make it
 * read the whole collection (see case-day-keys.ts and jobs-scheduled-items.ts).
 */
export const dayNumber = (d: Date): number => Math.floor(d.getTime() / DAY_MS);
