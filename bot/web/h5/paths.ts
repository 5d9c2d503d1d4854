/** Where the H5 tip form is mounted; QR posters point here. */
export const H5_BASE = '/h5';

/** The form's address for a poster: a town's poster names the town, an enterprise's the enterprise. */
export function tipFormUrl(origin: string, target: { town?: string; enterprise?: string }): string {
  const q = new URLSearchParams(Object.entries(target).filter((e): e is [string, string] => !!e[1]));
  const s = q.toString();
  return `${origin.replace(/\/+$/, '')}${H5_BASE}${s ? `?${s}` : ''}`;
}
