import type { WsFrame } from '@wecom/aibot-node-sdk';

/** Far beyond any real message ([长连接] text is a few KB; images come as URLs): bigger frames are refused. */
export const MAX_FRAME_CHARS = 256 * 1024;
/** A mixed message holds a handful of items; more is not a person typing. */
const MAX_MIXED_ITEMS = 20;

export type FrameProblem = 'no-req-id' | 'no-sender' | 'too-large';

/**
 * What makes a pushed frame unusable: every reply must echo its `headers.req_id` ([长连接] aibot_respond_msg),
 * and a message needs a msgid and a sender. Checked before de-duplication, the handler or any download.
 */
export function frameProblem(frame: WsFrame<unknown>): FrameProblem | undefined {
  const reqId = (frame as { headers?: { req_id?: unknown } }).headers?.req_id;
  if (typeof reqId !== 'string' || reqId.length === 0 || reqId.length > 256) return 'no-req-id';
  const body = frame.body as { msgid?: unknown; from?: { userid?: unknown }; mixed?: { msg_item?: unknown[] } } | undefined;
  if (typeof body?.msgid !== 'string' || !body.msgid || typeof body.from?.userid !== 'string' || !body.from.userid) return 'no-sender';
  if (JSON.stringify(body).length > MAX_FRAME_CHARS) return 'too-large';
  if ((body.mixed?.msg_item?.length ?? 0) > MAX_MIXED_ITEMS) return 'too-large';
  return undefined;
}
