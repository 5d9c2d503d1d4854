import { decryptFile } from '@wecom/aibot-node-sdk';
import { DomainError } from '../../../domain/index.js';

/**
 * Where the long connection's image and file URLs may point (host suffixes, matched on a dot boundary).
 * A frame naming any other place (loopback, a private range, a cloud metadata address, `file:`) is
 * refused before a byte is fetched. WECOM_MEDIA_HOSTS replaces this list.
 *
 * The one host WeCom documents: every image, mixed and file example of 智能机器人·接收消息
 * (developer.work.weixin.qq.com/document/path/100719, 结构体说明·图片) is a signed, five-minute URL on
 * `https://ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com/…`, WeCom's own COS bucket. The SDK
 * (@wecom/aibot-node-sdk dist/index.d.ts, `image.url`: "图片的下载 url（五分钟内有效，已加密）";
 * `downloadFile` fetches it as given) names no host. The former suffixes were far wider than that:
 * `myqcloud.com` is every Tencent Cloud customer's bucket, and `qq.com` / `qpic.cn` are whole Tencent
 * properties (wework.qpic.cn serves avatars and doc images, not bot media).
 */
export const DEFAULT_MEDIA_HOSTS = ['ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com'];

export interface MediaFetchPolicy {
  hosts: readonly string[];
  /**
   * Exact origins (`scheme://host:port`) trusted besides the https hosts: a privately deployed WeCom's
   * media server, named explicitly in WECOM_MEDIA_HOSTS (tests use it for their local stand-in).
   */
  origins?: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

const refused = (why: string) => new DomainError('UNSUPPORTED_MEDIA', `WeCom media refused: ${why}`, { hint: 'wecom-media' });

/** The URL if it is https on an allowed host; otherwise a refusal that names only the reason. */
export function allowedMediaUrl(raw: string, hosts: readonly string[], origins: readonly string[] = []): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('not a URL');
  }
  if (origins.includes(url.origin) && !url.username && !url.password) return url;
  if (url.protocol !== 'https:') throw refused(`scheme ${url.protocol}`);
  if (url.username || url.password) throw refused('credentials in URL');
  const host = url.hostname.toLowerCase();
  if (!hosts.some((h) => host === h || host.endsWith(`.${h}`))) throw refused('host not allowed');
  if (url.port && url.port !== '443') throw refused('port not allowed');
  return url;
}

/** Each image carries its own key: base64 of exactly 32 bytes ([长连接] file decryption, AES-256-CBC). */
export function validAesKey(key: string | undefined): string {
  if (!key || !/^[A-Za-z0-9+/]{43}=?$/.test(key) || Buffer.from(key, 'base64').byteLength !== 32) throw refused('bad aeskey');
  return key;
}

/**
 * Fetches and decrypts one image of a bot message: no redirects (a redirect could leave the allow-list),
 * a deadline for the whole transfer, and a cap counted while reading (a wrong Content-Length cannot fill
 * the memory).
 */
export async function fetchBotMedia(raw: string, aesKey: string | undefined, policy: MediaFetchPolicy): Promise<Buffer> {
  const url = allowedMediaUrl(raw, policy.hosts, policy.origins);
  const key = validAesKey(aesKey);
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(policy.timeoutMs) });
  } catch (e) {
    throw refused((e as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable');
  }
  if (res.status !== 200 || !res.body) throw refused(`HTTP ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > policy.maxBytes) throw refused('too large');
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body) {
      total += chunk.byteLength;
      if (total > policy.maxBytes) throw refused('too large');
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw refused((e as Error).name === 'TimeoutError' ? 'timeout' : 'interrupted');
  }
  try {
    return decryptFile(Buffer.concat(chunks), key);
  } catch {
    throw refused('cannot decrypt');
  }
}
