import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';

export interface CallbackKeys {
  token: string;
  encodingAESKey: string;
  corpId: string;
}

/** A plaintext callback XML as WeCom writes it: strings in CDATA, numbers bare. */
export function callbackXml(fields: Record<string, string | number>): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('');
  return `<xml>${inner}</xml>`;
}

/**
 * Encrypts and signs a callback the way WeCom does, returning the POST query string and body.
 * `random` fixes the 16 random bytes so a known vector can be reproduced.
 */
export function sealCallback(
  keys: CallbackKeys,
  plaintext: string,
  opts: { timestamp?: string; nonce?: string; random?: Buffer; receiveId?: string } = {},
): { query: string; body: string; encrypt: string; signature: string } {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? String(randomBytes(4).readUInt32BE());
  const sealed = encrypt(keys.encodingAESKey, plaintext, opts.receiveId ?? keys.corpId, opts.random);
  const signature = getSignature(keys.token, timestamp, nonce, sealed);
  return {
    query: new URLSearchParams({ msg_signature: signature, timestamp, nonce }).toString(),
    body: `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><Encrypt><![CDATA[${sealed}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
    encrypt: sealed,
    signature,
  };
}
