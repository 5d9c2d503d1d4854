import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertDevice } from '../../domain/alerts.js';

/**
 * A device's signing secret is derived from the server key (ALERT_SIGNING_KEY), its id and key version, so no
 * secret sits in the store: a copy of the database signs nothing. Issuing a new secret bumps the version.
 */
export function deviceSecret(serverKey: Uint8Array, d: Pick<AlertDevice, 'id' | 'keyVersion'>): string {
  return createHmac('sha256', serverKey).update(`alert-device\n${d.id}\n${d.keyVersion}`).digest('base64url');
}

/** What a device signs: the timestamp, the nonce and the raw body, joined by newlines. */
export const signedText = (timestamp: string, nonce: string, body: string): string => `${timestamp}\n${nonce}\n${body}`;

/** `sha256=<hex>` of HMAC-SHA256 under the device secret: the X-Signature header. */
export function sign(secret: string, timestamp: string, nonce: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(signedText(timestamp, nonce, body)).digest('hex')}`;
}

/** Constant-time comparison of a presented signature with the expected one. */
export function signatureMatches(secret: string, timestamp: string, nonce: string, body: string, presented: string): boolean {
  const expected = Buffer.from(sign(secret, timestamp, nonce, body));
  const given = Buffer.from(presented.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
