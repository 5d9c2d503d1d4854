import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../../../app/config.js';
import { alertConfigSchema } from '../../../bot/alerts/config.js';
import { mailConfigSchema } from '../../../bot/mail/config.js';
import { telegramConfigSchema } from '../../../bot/telegram/index.js';
import { wecomConfigSchema } from '../../../bot/wecom/index.js';
import { tipConfigSchema } from '../../../handlers/tips/index.js';
import { jobsConfigSchema } from '../../../jobs/index.js';

const root = join(import.meta.dirname, '../../..');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration', () => {
  it('runs on the embedded default with nothing set', () => {
    const c = loadConfig({});
    expect(c.store).toEqual({ kind: 'sqlite', file: './data/zezhou.sqlite', mediaDir: './data/media' });
    expect(c.http.port).toBe(3000);
    expect(c.redisUrl).toBeUndefined();
    expect(c.llm).toBeUndefined();
    expect(c.wecom.aibot).toBeUndefined();
  });

  it('switches each part to the real service by its variable', () => {
    const c = loadConfig({
      MONGODB_URI: 'mongodb://db:27017/',
      REDIS_URL: 'redis://cache:6379',
      OPENAI_BASE_URL: 'https://api.deepseek.com',
      OPENAI_API_KEY: 'k',
      OPENAI_CHAT_MODEL: 'deepseek-chat',
    });
    expect(c.store).toMatchObject({ kind: 'mongo', uri: 'mongodb://db:27017/', dbName: 'zezhou_safety' });
    expect(c.redisUrl).toBe('redis://cache:6379');
    expect(c.llm).toMatchObject({ baseURL: 'https://api.deepseek.com', chatModel: 'deepseek-chat' });
  });

  it('lists every problem at once and never echoes a secret', () => {
    const secret = 'sk-9f8e7d6c5b4a39281706';
    const problems = problemsOf({
      PORT: 'eighty',
      MONGODB_URI: 'http://not-mongo',
      OPENAI_API_KEY: secret,
      WECOM_BOT_ID: 'bot1',
      QUIET_HOURS: 'nights',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/PORT/);
    expect(text).toMatch(/MONGODB_URI/);
    expect(text).toMatch(/QUIET_HOURS/);
    expect(text).toMatch(/WECOM_BOT_SECRET/);
    expect(text).not.toContain(secret);
  });

  it('asks for the rest of the model settings when only some are given', () => {
    const problems = problemsOf({ OPENAI_API_KEY: 'k' }).join('\n');
    expect(problems).toMatch(/OPENAI_BASE_URL: required/);
    expect(problems).toMatch(/OPENAI_CHAT_MODEL: required/);
  });

  it('documents every variable in .env.example, and the example itself is valid', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const entries = example.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=') as [string, string]);
    const documented = new Set(entries.map(([k]) => k));
    const known = [configSchema, jobsConfigSchema, wecomConfigSchema, telegramConfigSchema, tipConfigSchema, alertConfigSchema, mailConfigSchema].flatMap((s) => Object.keys(s.shape));
    expect(known.filter((k) => !documented.has(k) && k !== 'NODE_ENV')).toEqual([]);
    expect(problemsOf(Object.fromEntries(entries))).toEqual([]);
  });

  it('exits with status 2 and the list of problems when started with a bad value', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'app/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '99999', MONGODB_URI: 'nope', LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid configuration');
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('MONGODB_URI');
  });
});
