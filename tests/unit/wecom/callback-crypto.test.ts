import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CallbackRejected, openCallback, signatureMatches } from '../../../bot/wecom/callback/crypto.js';
import { sealCallback } from '../../support/wecom-callback.js';

const vector = JSON.parse(readFileSync(new URL('../../fixtures/wecom-crypto-vector.json', import.meta.url), 'utf8'));
const keys = { token: vector.config.token, encodingAESKey: vector.config.encodingAESKey, corpId: vector.config.receiveId };
const q = vector.postCallback.query;
const signed = { signature: q.msg_signature, timestamp: q.timestamp, nonce: q.nonce };

describe('callback crypto against the official WeCom vector', () => {
  it('accepts the official signature and decrypts the official message', () => {
    expect(signatureMatches(keys.token, signed, vector.postCallback.encrypt)).toBe(true);
    expect(openCallback(keys, signed, vector.postCallback.encrypt)).toBe(vector.postCallback.expectedPlaintext);
  });

  it('accepts an upper-case hex signature', () => {
    expect(signatureMatches(keys.token, { ...signed, signature: q.msg_signature.toUpperCase() }, vector.postCallback.encrypt)).toBe(true);
  });

  it.each([
    ['a flipped digit', q.msg_signature.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'))],
    ['a truncated signature', q.msg_signature.slice(0, 20)],
    ['an empty signature', ''],
  ])('rejects %s', (_name, signature) => {
    expect(signatureMatches(keys.token, { ...signed, signature }, vector.postCallback.encrypt)).toBe(false);
    expect(() => openCallback(keys, { ...signed, signature }, vector.postCallback.encrypt)).toThrow(CallbackRejected);
  });

  it('rejects a message meant for another CorpID even with a valid signature', () => {
    const err = (() => {
      try {
        openCallback({ ...keys, corpId: 'ww-other' }, signed, vector.postCallback.encrypt);
      } catch (e) {
        return e as CallbackRejected;
      }
    })();
    expect(err?.status).toBe(403);
  });

  it('encrypts and signs exactly like WeCom (derived passive-reply vector)', () => {
    const d = vector.passiveReplyDerived;
    const sealed = sealCallback(keys, d.plaintext, { timestamp: d.timestamp, nonce: d.nonce, random: Buffer.from(d.randomUtf8) });
    expect(sealed.encrypt).toBe(d.expectedEncrypt);
    expect(sealed.signature).toBe(d.expectedMsgSignature);
    expect(openCallback(keys, { signature: sealed.signature, timestamp: d.timestamp, nonce: d.nonce }, sealed.encrypt)).toBe(d.plaintext);
  });

  it('re-encrypting the official message with its random bytes reproduces the official ciphertext', () => {
    const sealed = sealCallback(keys, vector.postCallback.expectedPlaintext, {
      timestamp: q.timestamp,
      nonce: q.nonce,
      random: Buffer.from(vector.postCallback.randomPrefixHex, 'hex'),
    });
    expect(sealed.encrypt).toBe(vector.postCallback.encrypt);
    expect(sealed.signature).toBe(q.msg_signature);
  });
});
