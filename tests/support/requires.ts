/**
 * A suite that needs a service asks here. Locally a missing service skips the suite with a reason;
 * under CI=true it fails, so a broken CI setup can never pass by skipping.
 */
export function serviceUrl(name: 'MONGODB_URI' | 'REDIS_URL'): string | undefined {
  const url = process.env[name];
  if (!url && process.env.CI === 'true') {
    throw new Error(`${name} is not set: CI must provide this service (see .ci/run)`);
  }
  return url;
}
