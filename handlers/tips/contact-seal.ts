import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ChatRef, Locale } from '../../domain/index.js';

/** What a tipster who asked for notices can be reached by; only ever stored sealed. */
export interface TipContactTarget {
  chat: ChatRef;
  locale: Locale;
}

/**
 * AES-256-GCM with a fresh 96-bit nonce; the case id is the associated data, so a sealed contact
 * copied onto another case does not open.
 */
export function sealContact(key: Uint8Array, caseId: string, target: TipContactTarget): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(caseId));
  const body = Buffer.concat([cipher.update(JSON.stringify(target), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function openContact(key: Uint8Array, caseId: string, sealed: string): TipContactTarget {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('unknown sealed contact format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(caseId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as TipContactTarget;
}
