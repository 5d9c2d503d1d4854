import { WSAuthFailureError, WSReconnectExhaustedError, type WSClient } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';

/**
 * - `standby`: another replica holds the connection lease; this one waits to take over.
 * - `kicked`:  WeCom closed our connection because a newer one for the bot opened (disconnected_event).
 */
export type AiBotState = 'idle' | 'standby' | 'connecting' | 'online' | 'reconnecting' | 'kicked' | 'failed' | 'stopped';

export interface AiBotHealth {
  ok: boolean;
  state: AiBotState;
  lastError?: string;
}

/** The connection's state, fed by the SDK's events of whichever client currently holds the connection. */
export function connectionState(log: Logger, onChange?: (health: AiBotHealth) => void) {
  let state: AiBotState = 'idle';
  let lastError: string | undefined;
  let current: WSClient | undefined;

  const set = (next: AiBotState, error?: string) => {
    if (error !== undefined) lastError = error;
    if (next === state && error === undefined) return;
    state = next;
    onChange?.(health());
  };
  const health = (): AiBotHealth => ({ ok: state === 'online' || state === 'standby', state, lastError });

  return {
    set,
    get: () => state,
    health,
    online: () => state === 'online' && (current?.isConnected ?? false),
    /** Follows one client; events of an earlier (replaced) client are ignored. */
    watch(client: WSClient, onKicked: () => void) {
      current = client;
      const mine = () => current === client;
      client.on('authenticated', () => {
        if (!mine()) return;
        log.info('WeCom bot connected');
        set('online');
      });
      client.on('disconnected', (reason) => {
        if (!mine()) return;
        if (state === 'online' || state === 'connecting') set('reconnecting');
        log.warn({ reason }, 'WeCom bot connection closed');
      });
      client.on('event.disconnected_event', () => {
        if (!mine()) return;
        // The SDK does not reconnect after this: a newer connection for the same bot took over.
        log.error('WeCom bot was disconnected by a newer connection for the same bot');
        set('kicked', 'another connection for this bot took over (disconnected_event)');
        onKicked();
      });
      client.on('error', (err) => {
        if (!mine()) return;
        log.error({ err: err.message }, 'WeCom bot connection error');
        if (err instanceof WSAuthFailureError || err instanceof WSReconnectExhaustedError) set('failed', err.message);
        else lastError = err.message;
      });
    },
    release: () => (current = undefined),
  };
}
