/** Where the lead mounts the dashboard; every link and redirect the pages produce starts here. */
export const DASHBOARD_BASE = '/dashboard';

export const to = (path = ''): string => `${DASHBOARD_BASE}${path}`;

/** A path with its query string, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1]));
  const s = q.toString();
  return s ? `${to(path)}?${s}` : to(path);
}
