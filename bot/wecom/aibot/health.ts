import { WSAuthFailureError, WSReconnectExhaustedError, type WSClient } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';

export type AiBotState = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'kicked' | 'failed' | 'stopped';

export interface AiBotHealth {
  ok: boolean;
  state: AiBotState;
  lastError?: string;
}

/** Follows the SDK's connection events; reconnecting itself is left to the SDK. */
export function watchConnection(client: WSClient, log: Logger) {
  let state: AiBotState = 'idle';
  let lastError: string | undefined;

  client.on('authenticated', () => {
    state = 'online';
    log.info('WeCom bot connected');
  });
  client.on('disconnected', (reason) => {
    if (state === 'online' || state === 'connecting') state = 'reconnecting';
    log.warn({ reason }, 'WeCom bot connection closed');
  });
  client.on('event.disconnected_event', () => {
    // The SDK does not reconnect after this: a newer connection for the same bot took over.
    state = 'kicked';
    lastError = 'another connection for this bot took over (disconnected_event)';
    log.error('WeCom bot was disconnected by a newer connection for the same bot; this instance stays offline');
  });
  client.on('error', (err) => {
    lastError = err.message;
    if (err instanceof WSAuthFailureError || err instanceof WSReconnectExhaustedError) state = 'failed';
    log.error({ err: err.message }, 'WeCom bot connection error');
  });

  return {
    set: (next: 'connecting' | 'stopped') => (state = next),
    online: () => state === 'online' && client.isConnected,
    health: (): AiBotHealth => ({ ok: state === 'online', state, lastError }),
  };
}
