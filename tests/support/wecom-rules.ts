import { createHash } from 'node:crypto';
/**
 * WeCom's documented message rules, transcribed for the strict fakes (fake-wecom-ws.ts, fake-wecom-api.ts).
 * Each check names its source. Sources:
 * - [被动回复] 智能机器人 › 被动回复消息 https://developer.work.weixin.qq.com/document/path/101031
 * - [长连接]   智能机器人 › 长连接 (the page the SDK @wecom/aibot-node-sdk 1.0.7 implements; its README and
 *              dist/index.cjs.js, read in /work/shared/docs/REFERENCE.md §1a)
 * - [卡片]     模板卡片类型, as used by 发送应用消息 https://developer.work.weixin.qq.com/document/path/90236
 *              (text_notice: "card_action 是 整体卡片的点击跳转事件，text_notice必填本字段"; type 1 跳转url, 2 小程序)
 * - [应用消息] 发送应用消息 path/90236 (REFERENCE §1b.3)
 * - [群机器人] 群机器人配置说明 path/91770 (REFERENCE §1b.4)
 * - [频率]     频率限制 path/90312 (REFERENCE §1b.3)
 * - [错误码]   全局错误码 path/96213 (older path/90313; codes checked against WxJava's WxCpErrorMsgEnum)
 */

/** [错误码] 40058: 不合法的参数 (a field missing, of the wrong type or out of range). */
export const ERR_INVALID_PARAM = 40058;
/** [错误码] 40001: 不合法的secret参数. */
export const ERR_INVALID_SECRET = 40001;
/** [错误码] 45009: 接口调用超过限制. */
export const ERR_RATE_LIMIT = 45009;
/** [错误码] 60020: 不安全的访问IP (caller not in the app's 企业可信IP). */
export const ERR_UNTRUSTED_IP = 60020;
/** [错误码] 81013: UserID、部门ID、标签ID全部非法或无权限. */
export const ERR_NO_VALID_RECIPIENT = 81013;
/**
 * [错误码] 群聊 codes, as the global table reads (全局错误码 path/90313, transcribed in WxJava's
 * WxCpErrorMsgEnum, Wechat-Group/weixin-java-tools): 86003 参数 chatid 不存在; 86008 非法操作非自己创建的群.
 */
export const ERR_NO_SUCH_APPCHAT = 86003;
export const ERR_NOT_OWN_APPCHAT = 86008;
/**
 * [长连接] A proactive push to a conversation that never messaged the bot is refused. The pages read give
 * no number for it; the fake answers from the bot's 93000 range so the client sees a non-zero errcode.
 * (93000 is also what the group robot answers for an invalid webhook key [M].)
 */
export const ERR_BOT_NO_CONVERSATION = 93000;
/** [长连接] as seen by SDK users (REFERENCE §1a.4): invalid req_id / stream message update expired. */
export const ERR_INVALID_REQ_ID = 846605;
export const ERR_STREAM_EXPIRED = 846608;

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** JPEG (FF D8 FF) or PNG (89 'PNG' 0D 0A 1A 0A) by their magic bytes. */
const isJpegOrPng = (b: Buffer) =>
  (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) || b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are free-form JSON
export type Json = Record<string, any>;

/** A rule violation: the errcode WeCom answers and why. */
export interface Refusal {
  errcode: number;
  reason: string;
}
const refuse = (reason: string, errcode = ERR_INVALID_PARAM): Refusal => ({ errcode, reason });

const CARD_TYPES = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'];

/** [卡片] The template card structure, per card type. */
export function checkTemplateCard(card: Json | undefined): Refusal | undefined {
  if (!card || typeof card !== 'object') return refuse('template_card missing');
  if (!CARD_TYPES.includes(card.card_type)) return refuse(`card_type "${card.card_type}" is not one of ${CARD_TYPES.join(', ')}`);
  // [卡片] task_id: 只能由数字、字母和"_-@"组成，最长128字节; required where the card calls back.
  if (card.task_id !== undefined && (typeof card.task_id !== 'string' || !/^[A-Za-z0-9_\-@]+$/.test(card.task_id) || utf8Bytes(card.task_id) > 128)) {
    return refuse('task_id: letters, digits and _-@ only, at most 128 bytes');
  }
  if (card.card_type !== 'text_notice' && card.card_type !== 'news_notice' && !card.task_id) return refuse(`${card.card_type} requires task_id`);
  // [卡片] main_title.title 和 sub_title_text 必须有一项填写 (text_notice); main_title required otherwise.
  const title = card.main_title?.title;
  if (title !== undefined && typeof title !== 'string') return refuse('main_title.title must be a string');
  if (card.card_type === 'text_notice' && !title && !card.sub_title_text) return refuse('text_notice needs main_title.title or sub_title_text');
  if (card.card_type !== 'text_notice' && !card.main_title) return refuse(`${card.card_type} requires main_title`);
  if (card.card_type === 'text_notice' || card.card_type === 'news_notice') {
    // [卡片] card_action 是: 整体卡片的点击跳转事件，text_notice/news_notice 必填; type 取值 [1,2].
    const action = card.card_action;
    if (!action) return refuse(`${card.card_type} requires card_action`);
    if (action.type !== 1 && action.type !== 2) return refuse('card_action.type must be 1 (url) or 2 (mini program) on a notice card');
    if (action.type === 1 && !/^https?:\/\//.test(String(action.url ?? ''))) return refuse('card_action.url is required when type is 1');
    if (action.type === 2 && !action.appid) return refuse('card_action.appid is required when type is 2');
  }
  if (card.card_type === 'button_interaction') {
    // [卡片] button_list 是: 按钮列表，列表长度不超过6; text 与 key 必填, key 最长1024字节; style 1~4.
    const buttons = card.button_list;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6) return refuse('button_list needs 1 to 6 buttons');
    for (const b of buttons) {
      if (!b?.text || typeof b.text !== 'string') return refuse('button_list[].text is required');
      if (b.type === 1) {
        if (!b.url) return refuse('button_list[].url is required when type is 1');
      } else if (!b.key || typeof b.key !== 'string' || utf8Bytes(b.key) > 1024) {
        return refuse('button_list[].key is required (at most 1024 bytes)');
      }
      if (b.style !== undefined && ![1, 2, 3, 4].includes(b.style)) return refuse('button_list[].style must be 1-4');
    }
  }
  return undefined;
}

/** [长连接][被动回复] stream content is Markdown of at most 20480 bytes. */
export const STREAM_MAX_BYTES = 20480;
/** [长连接] A proactive markdown push has the same cap as a stream. */
export const BOT_MARKDOWN_MAX_BYTES = 20480;
/** [应用消息] text.content / markdown.content: 最长不超过2048个字节. */
export const APP_TEXT_MAX_BYTES = 2048;
/** [群机器人] text ≤ 2048 bytes, markdown ≤ 4096 bytes. */
export const HOOK_TEXT_MAX_BYTES = 2048;
export const HOOK_MARKDOWN_MAX_BYTES = 4096;

/** [长连接] The stream part of aibot_respond_msg. */
export function checkStream(stream: Json | undefined): Refusal | undefined {
  if (!stream || typeof stream !== 'object') return refuse('stream missing');
  if (!stream.id || typeof stream.id !== 'string') return refuse('stream.id is required');
  if (typeof stream.finish !== 'boolean') return refuse('stream.finish must be a boolean');
  if (typeof stream.content !== 'string') return refuse('stream.content must be a string');
  if (utf8Bytes(stream.content) > STREAM_MAX_BYTES) return refuse(`stream.content over ${STREAM_MAX_BYTES} bytes`);
  // [长连接] msg_item (图文混排) is a callback-URL feature; the long connection does not support it.
  if (stream.msg_item !== undefined) return refuse('stream.msg_item is not supported on the long connection');
  return undefined;
}

/** [长连接] aibot_send_msg bodies: markdown, template_card or uploaded media. */
export function checkBotPush(body: Json | undefined): Refusal | undefined {
  if (!body?.chatid || typeof body.chatid !== 'string') return refuse('chatid is required');
  switch (body.msgtype) {
    case 'markdown':
      if (typeof body.markdown?.content !== 'string' || !body.markdown.content) return refuse('markdown.content is required');
      if (utf8Bytes(body.markdown.content) > BOT_MARKDOWN_MAX_BYTES) return refuse(`markdown.content over ${BOT_MARKDOWN_MAX_BYTES} bytes`);
      return undefined;
    case 'template_card':
      return checkTemplateCard(body.template_card);
    case 'image':
    case 'file':
    case 'voice':
    case 'video':
      return body[body.msgtype]?.media_id ? undefined : refuse(`${body.msgtype}.media_id is required`);
    default:
      return refuse(`msgtype "${body.msgtype}" cannot be pushed`);
  }
}

/** [应用消息] message/send and appchat/send message bodies. */
export function checkAppMessage(body: Json, where: 'message/send' | 'appchat/send'): Refusal | undefined {
  switch (body.msgtype) {
    case 'text':
    case 'markdown': {
      const content = body[body.msgtype]?.content;
      if (typeof content !== 'string' || !content) return refuse(`${body.msgtype}.content is required`);
      if (utf8Bytes(content) > APP_TEXT_MAX_BYTES) return refuse(`${body.msgtype}.content over ${APP_TEXT_MAX_BYTES} bytes`);
      return undefined;
    }
    case 'image':
    case 'file':
      return body[body.msgtype]?.media_id ? undefined : refuse(`${body.msgtype}.media_id is required`);
    case 'template_card':
      // [应用消息] appchat/send (发送消息到群聊会话) lists no template_card type.
      return where === 'appchat/send' ? refuse('appchat/send does not take template_card') : checkTemplateCard(body.template_card);
    default:
      return refuse(`msgtype "${body.msgtype}" is not supported here`);
  }
}

/** [群机器人] webhook/send bodies. */
export function checkHookMessage(body: Json): Refusal | undefined {
  switch (body.msgtype) {
    case 'text':
      if (typeof body.text?.content !== 'string' || !body.text.content) return refuse('text.content is required');
      return utf8Bytes(body.text.content) > HOOK_TEXT_MAX_BYTES ? refuse(`text.content over ${HOOK_TEXT_MAX_BYTES} bytes`) : undefined;
    case 'markdown':
      if (typeof body.markdown?.content !== 'string' || !body.markdown.content) return refuse('markdown.content is required');
      return utf8Bytes(body.markdown.content) > HOOK_MARKDOWN_MAX_BYTES ? refuse(`markdown.content over ${HOOK_MARKDOWN_MAX_BYTES} bytes`) : undefined;
    case 'image': {
      // [群机器人] 图片类型: md5 is "图片内容(base64编码前)的md5"; "图片(base64编码前)最大不能超过2M,支持JPG,PNG格式"
      // (the page as copied in the wechat_sdk docs, hexdocs.pm/wechat_sdk/WeChat.Work.ChatRobot.html).
      const { base64, md5 } = body.image ?? {};
      if (typeof base64 !== 'string' || typeof md5 !== 'string') return refuse('image.base64 and image.md5 are required');
      const raw = Buffer.from(base64, 'base64');
      if (raw.length > 2 * 1024 * 1024) return refuse('image over 2 MB');
      if (!isJpegOrPng(raw)) return refuse('image must be JPG or PNG');
      if (createHash('md5').update(raw).digest('hex') !== md5.toLowerCase()) return refuse('image.md5 is not the md5 of the image bytes');
      return undefined;
    }
    case 'news': {
      // [群机器人] 图文类型: 1 to 8 articles, title and url required (REFERENCE §1b.4 [D]).
      const articles = body.news?.articles;
      if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) return refuse('news.articles needs 1 to 8 articles');
      if (articles.some((a: Json) => !a?.title || !a?.url)) return refuse('news.articles[].title and url are required');
      return undefined;
    }
    case 'file':
    case 'voice':
    case 'template_card':
      return undefined;
    default:
      return refuse(`msgtype "${body.msgtype}" is not supported by group robots`);
  }
}

/**
 * A sliding-window counter for the documented caps ([频率]: an app ≤30 messages/min and ≤1000/h per
 * member; [群机器人]: ≤20/min per robot; [长连接]: ≤30/min and ≤1000/h per conversation for pushes).
 */
export class WindowCounter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly limits: { perMs: number; max: number }[]) {}

  /** Counts one event for `key` when it fits every limit; returns false (not counted) when it does not. */
  take(key: string, now = Date.now()): boolean {
    const longest = Math.max(...this.limits.map((l) => l.perMs));
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - longest);
    const fits = this.limits.every((l) => list.filter((t) => t > now - l.perMs).length < l.max);
    if (fits) list.push(now);
    this.hits.set(key, list);
    return fits;
  }
}
