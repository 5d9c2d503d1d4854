import { describe, expect, it } from 'vitest';
import { resolveWeComConfig, wecomConfigSchema } from '../../../bot/wecom/index.js';

const app = {
  WECOM_CORP_ID: 'ww0123456789',
  WECOM_AGENT_ID: '1000002',
  WECOM_APP_SECRET: 'app-secret-value',
  WECOM_CALLBACK_TOKEN: 'QDG6eK',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};

describe('wecomConfigSchema', () => {
  it('accepts an environment without any WeCom setting: every mode is off', () => {
    const config = resolveWeComConfig(wecomConfigSchema.parse({ PATH: '/usr/bin' }));
    expect(config).toEqual({ aibot: undefined, app: undefined, apiBase: 'https://qyapi.weixin.qq.com/cgi-bin', webhooks: {} });
  });

  it('enables each mode whose fields are complete', () => {
    const env = wecomConfigSchema.parse({
      ...app,
      WECOM_BOT_ID: 'aibot-id',
      WECOM_BOT_SECRET: 'bot-secret',
      WECOM_API_BASE: 'http://127.0.0.1:9999/cgi-bin/',
      WECOM_WEBHOOK_KEYS: 'beiyicheng=key-1, jincun=key_2',
    });
    expect(resolveWeComConfig(env)).toEqual({
      aibot: { botId: 'aibot-id', secret: 'bot-secret', wsUrl: undefined },
      app: { corpId: 'ww0123456789', agentId: 1000002, secret: 'app-secret-value', callbackToken: 'QDG6eK', encodingAESKey: app.WECOM_ENCODING_AES_KEY },
      apiBase: 'http://127.0.0.1:9999/cgi-bin',
      webhooks: { beiyicheng: 'key-1', jincun: 'key_2' },
    });
  });

  it('treats blank values as unset', () => {
    expect(wecomConfigSchema.safeParse({ WECOM_BOT_ID: '', WECOM_BOT_SECRET: '  ' }).success).toBe(true);
  });

  it('names the missing fields of a half-configured mode', () => {
    const result = wecomConfigSchema.safeParse({ WECOM_CORP_ID: 'ww1', WECOM_APP_SECRET: 'secret', WECOM_WS_URL: 'wss://example.test' });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain('WeCom self-built app is partly configured: missing WECOM_AGENT_ID, WECOM_CALLBACK_TOKEN, WECOM_ENCODING_AES_KEY');
    expect(messages).toContain('WeCom intelligent bot is partly configured: missing WECOM_BOT_ID, WECOM_BOT_SECRET');
  });

  it('rejects malformed values without echoing them', () => {
    const secretish = 'S3CR3T-VALUE-should-not-appear';
    const result = wecomConfigSchema.safeParse({
      ...app,
      WECOM_AGENT_ID: secretish,
      WECOM_ENCODING_AES_KEY: secretish,
      WECOM_WEBHOOK_KEYS: secretish,
      WECOM_API_BASE: secretish,
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0]).sort()).toEqual(['WECOM_AGENT_ID', 'WECOM_API_BASE', 'WECOM_ENCODING_AES_KEY', 'WECOM_WEBHOOK_KEYS']);
    expect(JSON.stringify(result.error!.issues)).not.toContain(secretish);
  });
});
